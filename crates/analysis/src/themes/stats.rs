//! Statistics for themes: agreement of two clusterings (adjusted Rand index) and the
//! theme × respondent-type table with lift and a χ² test of independence.

use std::collections::BTreeMap;

/// Adjusted Rand index of two labelings of the same items (Hubert and Arabie, 1985): 1 for
/// identical partitions up to renaming, about 0 for independent ones.
pub fn adjusted_rand_index<A: Ord, B: Ord>(a: &[A], b: &[B]) -> f64 {
    assert_eq!(a.len(), b.len(), "the labelings must cover the same items");
    let pairs = |n: f64| n * (n - 1.0) / 2.0;
    let mut table: BTreeMap<(&A, &B), f64> = BTreeMap::new();
    let mut rows: BTreeMap<&A, f64> = BTreeMap::new();
    let mut cols: BTreeMap<&B, f64> = BTreeMap::new();
    for (x, y) in a.iter().zip(b) {
        *table.entry((x, y)).or_default() += 1.0;
        *rows.entry(x).or_default() += 1.0;
        *cols.entry(y).or_default() += 1.0;
    }
    let index: f64 = table.values().map(|&n| pairs(n)).sum();
    let sa: f64 = rows.values().map(|&n| pairs(n)).sum();
    let sb: f64 = cols.values().map(|&n| pairs(n)).sum();
    let total = pairs(a.len() as f64);
    if total == 0.0 {
        return 1.0;
    }
    let expected = sa * sb / total;
    let max = (sa + sb) / 2.0;
    if max == expected {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9).
fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let sum = C[1..]
        .iter()
        .enumerate()
        .fold(C[0], |s, (i, c)| s + c / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The regularised upper incomplete gamma function Q(s, x): a series below s + 1, a
/// continued fraction (modified Lentz) above.
fn gamma_q(s: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let front = (s * x.ln() - x - ln_gamma(s)).exp();
    if x < s + 1.0 {
        let (mut term, mut sum, mut a) = (1.0 / s, 1.0 / s, s);
        for _ in 0..500 {
            a += 1.0;
            term *= x / a;
            sum += term;
            if term.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        (1.0 - sum * front).clamp(0.0, 1.0)
    } else {
        let tiny = 1e-300;
        let mut b = x + 1.0 - s;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..500 {
            let an = -(i as f64) * (i as f64 - s);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-15 {
                break;
            }
        }
        (front * h).clamp(0.0, 1.0)
    }
}

/// The chance of a χ² statistic at least `chi2` with `df` degrees of freedom.
pub fn chi_square_p(chi2: f64, df: usize) -> f64 {
    if df == 0 {
        1.0
    } else {
        gamma_q(df as f64 / 2.0, chi2 / 2.0)
    }
}

/// A theme among one group of respondents.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupCell {
    /// The group (a respondent type).
    pub group: String,
    /// Respondents of the group who answered the question.
    pub respondents: usize,
    /// Of those, how many hold the theme.
    pub holding: usize,
    /// The group's share holding it, over the share of all respondents holding it; `None`
    /// when nobody holds it.
    pub lift: Option<f64>,
}

/// A theme across groups, with the χ² test of "holding the theme is independent of group".
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ThemeByGroup {
    /// The theme's id.
    pub theme: String,
    /// One cell per group, in group order.
    pub cells: Vec<GroupCell>,
    /// Pearson's χ² over the 2 × groups table.
    pub chi2: f64,
    /// Its degrees of freedom (groups with respondents − 1).
    pub df: usize,
    /// The p-value; small values say the groups differ. Approximate when cells are small.
    pub p_value: f64,
}

/// For each theme, its count and lift per group and the χ² test. `groups[r]` is the group of
/// response `r`, `holds[r]` its theme ids; only responses with `answered[r]` count.
pub fn by_group(
    themes: &[&str],
    groups: &[&str],
    holds: &[&[String]],
    answered: &[bool],
) -> Vec<ThemeByGroup> {
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for (g, _) in groups.iter().zip(answered).filter(|(_, a)| **a) {
        *totals.entry(g).or_default() += 1;
    }
    let all: usize = totals.values().sum();
    themes
        .iter()
        .map(|&t| {
            let mut holding: BTreeMap<&str, usize> = BTreeMap::new();
            for ((g, h), _) in groups.iter().zip(holds).zip(answered).filter(|(_, a)| **a) {
                if h.iter().any(|x| x == t) {
                    *holding.entry(g).or_default() += 1;
                }
            }
            let held: usize = holding.values().sum();
            let overall = held as f64 / all.max(1) as f64;
            let mut chi2 = 0.0;
            let cells = totals
                .iter()
                .map(|(&g, &n)| {
                    let k = holding.get(g).copied().unwrap_or(0);
                    for (observed, p) in [(k as f64, overall), ((n - k) as f64, 1.0 - overall)] {
                        let expected = n as f64 * p;
                        if expected > 0.0 {
                            chi2 += (observed - expected).powi(2) / expected;
                        }
                    }
                    GroupCell {
                        group: g.to_string(),
                        respondents: n,
                        holding: k,
                        lift: (held > 0 && n > 0).then(|| (k as f64 / n as f64) / overall),
                    }
                })
                .collect();
            let df = totals.len().saturating_sub(1);
            let df = if held == 0 || held == all { 0 } else { df };
            ThemeByGroup {
                theme: t.to_string(),
                cells,
                chi2,
                df,
                p_value: chi_square_p(chi2, df),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ari_is_one_for_renamed_partitions_and_near_zero_for_crossed_ones() {
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1, 2], &[5, 5, 3, 3, 9]), 1.0);
        // Two halves against an alternating split: the pairs agree no more than chance.
        let a = [0, 0, 0, 0, 1, 1, 1, 1];
        let b = [0, 1, 0, 1, 0, 1, 0, 1];
        let ari = adjusted_rand_index(&a, &b);
        assert!(ari < 0.0 && ari > -0.3, "{ari}");
        // By hand: table [[2,1],[0,2]] ... a = [0,0,0,1,1], b = [0,0,1,1,1]: index 1 + 1 = 2,
        // row pairs 3 + 1 = 4, column pairs 1 + 3 = 4, total 10, expected 1.6, max 4.
        let ari = adjusted_rand_index(&[0, 0, 0, 1, 1], &[0, 0, 1, 1, 1]);
        assert!((ari - (2.0 - 1.6) / (4.0 - 1.6)).abs() < 1e-12, "{ari}");
    }

    #[test]
    fn chi_square_p_matches_known_quantiles() {
        // χ²(1) = 3.841 is the 5% point, χ²(2) = 5.991 too, χ²(4) = 13.277 the 1% point.
        assert!((chi_square_p(3.841_458_820_694_124, 1) - 0.05).abs() < 1e-9);
        assert!((chi_square_p(5.991_464_547_107_979, 2) - 0.05).abs() < 1e-9);
        assert!((chi_square_p(13.276_704_135_987_62, 4) - 0.01).abs() < 1e-9);
        assert!((chi_square_p(0.0, 3) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn lift_and_chi_square_show_a_theme_concentrated_in_one_group() {
        let groups = ["org", "org", "org", "org", "ind", "ind", "ind", "ind"];
        let yes = vec!["t01".to_string()];
        let no: Vec<String> = Vec::new();
        let holds: Vec<&[String]> = vec![&yes, &yes, &yes, &yes, &no, &no, &no, &yes];
        let t = &by_group(&["t01"], &groups, &holds, &[true; 8])[0];
        let org = t.cells.iter().find(|c| c.group == "org").unwrap();
        assert_eq!((org.respondents, org.holding), (4, 4));
        assert!((org.lift.unwrap() - 1.0 / (5.0 / 8.0)).abs() < 1e-12);
        // Expected 2.5 / 1.5 per row: χ² = 2·(1.5²/2.5 + 1.5²/1.5) = 4.8, p ≈ 0.0285.
        assert!((t.chi2 - 4.8).abs() < 1e-9 && t.df == 1, "{t:?}");
        assert!((t.p_value - 0.028_459_736).abs() < 1e-6, "{}", t.p_value);
    }
}
