//! The clustering under theme discovery: Ward agglomeration on a sample, then
//! spherical k-means over every unit.
//!
//! Ward's method is deterministic given the order of its points and needs no seed, and it
//! makes clusters of comparable spread rather than one large cluster and many stragglers; the
//! nearest-neighbour chain computes it exactly in O(n²) time and memory, so the sample is
//! capped (a few thousand units give the shape of the themes; k-means places the rest).
//!
//! Vectors are L2-normalised, so a dot product ([`barometer_maths::dot`]) is a cosine similarity.

use barometer_maths::{dot, normalise};

/// One merge of the dendrogram: the clusters holding points `a` and `b` join at `height`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Merge {
    pub a: usize,
    pub b: usize,
    pub height: f32,
}

/// How the distance to a merged cluster is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Linkage {
    /// Ward's minimum variance: the growth in within-cluster squared distance.
    Ward,
}

/// Agglomerative clustering of unit vectors by the nearest-neighbour chain (exact for both
/// linkages, which are reducible). Returns the n − 1 merges sorted by height (ties keep the
/// order they were found in, which respects their dependencies).
pub(crate) fn agglomerate(points: &[&[f32]], linkage: Linkage) -> Vec<Merge> {
    let n = points.len();
    if n < 2 {
        return Vec::new();
    }
    let mut d = vec![0f32; n * n];
    for i in 0..n {
        for j in (i + 1)..n {
            // For unit vectors, squared Euclidean distance is twice the cosine distance.
            let v = match linkage {
                Linkage::Ward => (2.0 - 2.0 * dot(points[i], points[j])).max(0.0),
            };
            d[i * n + j] = v;
            d[j * n + i] = v;
        }
    }
    let mut active = vec![true; n];
    let mut size = vec![1usize; n];
    let mut merges = Vec::with_capacity(n - 1);
    let mut chain: Vec<usize> = Vec::new();
    let mut next_start = 0usize;
    while merges.len() < n - 1 {
        if chain.is_empty() {
            while !active[next_start] {
                next_start += 1;
            }
            chain.push(next_start);
        }
        let a = *chain.last().expect("chain is not empty");
        let prev = chain.len().checked_sub(2).map(|i| chain[i]);
        // Preferring the previous chain element on ties guarantees the chain ends.
        let (mut best, mut best_d) = match prev {
            Some(p) => (p, d[a * n + p]),
            None => (usize::MAX, f32::INFINITY),
        };
        for j in 0..n {
            if j != a && active[j] && d[a * n + j] < best_d {
                best = j;
                best_d = d[a * n + j];
            }
        }
        if Some(best) == prev {
            chain.pop();
            chain.pop();
            let (s, t) = (a.min(best), a.max(best));
            let (ws, wt) = (size[s] as f32, size[t] as f32);
            let dst = d[s * n + t];
            for k in 0..n {
                if active[k] && k != s && k != t {
                    let v = match linkage {
                        Linkage::Ward => {
                            let wk = size[k] as f32;
                            ((wk + ws) * d[s * n + k] + (wk + wt) * d[t * n + k] - wk * dst) / (wk + ws + wt)
                        }
                    };
                    d[s * n + k] = v;
                    d[k * n + s] = v;
                }
            }
            active[t] = false;
            size[s] += size[t];
            merges.push(Merge {
                a: s,
                b: t,
                height: best_d,
            });
        } else {
            chain.push(best);
        }
    }
    merges.sort_by(|x, y| x.height.total_cmp(&y.height));
    merges
}

/// Union-find over point indices, with cluster sizes.
pub(crate) struct Forest {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl Forest {
    pub fn new(n: usize) -> Self {
        Forest {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins two clusters; returns the sizes they had.
    pub fn union(&mut self, a: usize, b: usize) -> (usize, usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        let sizes = (self.size[ra], self.size[rb]);
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        self.parent[gone] = keep;
        self.size[keep] += self.size[gone];
        sizes
    }

    pub fn size_of(&mut self, x: usize) -> usize {
        let r = self.find(x);
        self.size[r]
    }
}

/// The clusters (lists of points, largest first) of at least `min_size` points after the
/// first `steps` merges.
pub(crate) fn clusters_after(n: usize, merges: &[Merge], steps: usize, min_size: usize) -> Vec<Vec<usize>> {
    let mut forest = Forest::new(n);
    for m in &merges[..steps] {
        forest.union(m.a, m.b);
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for p in 0..n {
        if forest.size_of(p) >= min_size {
            let r = forest.find(p);
            groups.entry(r).or_default().push(p);
        }
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    // Largest first; equal sizes by their first point, which is a position in hash order.
    out.sort_by(|x, y| y.len().cmp(&x.len()).then(x[0].cmp(&y[0])));
    out
}

/// The best centroid for `v` and its similarity (first index wins ties).
pub(crate) fn nearest(v: &[f32], centroids: &[Vec<f32>]) -> (usize, f32) {
    let mut best = (0, f32::NEG_INFINITY);
    for (i, c) in centroids.iter().enumerate() {
        let s = dot(v, c);
        if s > best.1 {
            best = (i, s);
        }
    }
    best
}

/// [`nearest`] for every point, in parallel (each point's answer is its own, so the result
/// does not depend on how the work is split).
pub(crate) fn assign(points: &[&[f32]], centroids: &[Vec<f32>]) -> Vec<(usize, f32)> {
    use rayon::prelude::*;
    points
        .par_iter()
        .with_min_len(256)
        .map(|p| nearest(p, centroids))
        .collect()
}

/// Spherical k-means from the given centroids: each round assigns every point to its nearest
/// centroid and recomputes the centroids from the points that fit (similarity ≥ `fit`).
/// A centroid that keeps no point stays where it was.
pub(crate) fn refine(points: &[&[f32]], centroids: &mut [Vec<f32>], fit: f32, rounds: usize) {
    let dim = centroids.first().map_or(0, Vec::len);
    for _ in 0..rounds {
        let mut sums = vec![vec![0f32; dim]; centroids.len()];
        let mut counts = vec![0usize; centroids.len()];
        let placed = assign(points, centroids);
        for (p, &(c, s)) in points.iter().zip(&placed) {
            if s >= fit {
                sums[c].iter_mut().zip(*p).for_each(|(a, x)| *a += x);
                counts[c] += 1;
            }
        }
        for ((c, mut s), n) in centroids.iter_mut().zip(sums).zip(counts) {
            if n > 0 {
                normalise(&mut s);
                *c = s;
            }
        }
    }
}

/// Spherical k-means from the given centroids until no point changes its centroid in a round
/// (at most `max_rounds` rounds). The centroids are then exactly the normalised means of the
/// points that fit them, so starting again from them changes nothing: a re-run that starts
/// from stored centroids on the same data finds the same themes. From 10,000 points on, it
/// stops when at most one point in a thousand changes: the last rounds of a large input move
/// a few stragglers back and forth and cost as much as the first.
pub(crate) fn converge(points: &[&[f32]], centroids: &mut [Vec<f32>], fit: f32, max_rounds: usize) {
    let dim = centroids.first().map_or(0, Vec::len);
    let tolerance = if points.len() >= 10_000 {
        points.len() / 1000
    } else {
        0
    };
    let mut last: Option<Vec<Option<usize>>> = None;
    for _ in 0..max_rounds {
        let labels: Vec<Option<usize>> = assign(points, centroids)
            .into_iter()
            .map(|(c, s)| (s >= fit).then_some(c))
            .collect();
        if let Some(last) = &last
            && last.iter().zip(&labels).filter(|(a, b)| a != b).count() <= tolerance
        {
            return;
        }
        let mut sums = vec![vec![0f32; dim]; centroids.len()];
        let mut counts = vec![0usize; centroids.len()];
        for (p, l) in points.iter().zip(&labels) {
            if let Some(c) = *l {
                sums[c].iter_mut().zip(*p).for_each(|(a, x)| *a += x);
                counts[c] += 1;
            }
        }
        for ((c, mut s), n) in centroids.iter_mut().zip(sums).zip(counts) {
            if n > 0 {
                normalise(&mut s);
                *c = s;
            }
        }
        last = Some(labels);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let mut v = v.to_vec();
        normalise(&mut v);
        v
    }

    #[test]
    fn ward_joins_the_close_pairs_before_the_far_ones() {
        let pts: Vec<Vec<f32>> = [
            [1.0, 0.0, 0.0],
            [0.95, 0.05, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, 0.9, 0.1],
            [0.0, 0.0, 1.0],
        ]
        .iter()
        .map(|p| unit(p))
        .collect();
        let refs: Vec<&[f32]> = pts.iter().map(Vec::as_slice).collect();
        let merges = agglomerate(&refs, Linkage::Ward);
        assert_eq!(merges.len(), 4);
        let first_two: Vec<(usize, usize)> = merges[..2].iter().map(|m| (m.a, m.b)).collect();
        assert!(
            first_two.contains(&(0, 1)) && first_two.contains(&(2, 3)),
            "{first_two:?}"
        );
        assert!(merges.windows(2).all(|w| w[0].height <= w[1].height));
        let groups = clusters_after(5, &merges, 2, 2);
        assert_eq!(groups, vec![vec![0, 1], vec![2, 3]]);
    }

    #[test]
    fn converged_centroids_are_a_fixed_point() {
        // Two loose groups on a circle, started from poor centres.
        let pts: Vec<Vec<f32>> = (0..40)
            .map(|i| {
                let a = if i < 20 {
                    0.05 * i as f32
                } else {
                    0.5 + 0.05 * i as f32
                };
                unit(&[a.cos(), a.sin(), 0.1])
            })
            .collect();
        let refs: Vec<&[f32]> = pts.iter().map(Vec::as_slice).collect();
        let mut cs = vec![
            unit(&[0.2f32.cos(), 0.2f32.sin(), 0.0]),
            unit(&[0.5f32.cos(), 0.5f32.sin(), 0.0]),
        ];
        converge(&refs, &mut cs, 0.0, 50);
        let before = cs.clone();
        converge(&refs, &mut cs, 0.0, 50);
        assert_eq!(cs, before, "bit for bit");
        let sides: Vec<usize> = refs.iter().map(|p| nearest(p, &cs).0).collect();
        assert!(sides[..20].iter().all(|&s| s == sides[0]) && sides[20..].iter().all(|&s| s != sides[0]));
    }

    #[test]
    fn refine_moves_centroids_to_their_points() {
        let pts: Vec<Vec<f32>> = [[1.0, 0.1], [1.0, -0.1], [0.1, 1.0], [-0.1, 1.0]]
            .iter()
            .map(|p| unit(p))
            .collect();
        let refs: Vec<&[f32]> = pts.iter().map(Vec::as_slice).collect();
        let mut cs = vec![unit(&[1.0, 0.5]), unit(&[0.5, 1.0])];
        refine(&refs, &mut cs, 0.0, 3);
        assert!((cs[0][1]).abs() < 1e-6 && (cs[1][0]).abs() < 1e-6, "{cs:?}");
    }
}
