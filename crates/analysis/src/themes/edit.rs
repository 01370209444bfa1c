//! Analyst edits to discovered themes: rename, merge, split, delete, and move a response.
//!
//! Edits act on a [`Clustering`] by theme id, in the order they were made. Discovery is
//! deterministic, so replaying the stored edits after a re-run on the same data gives the
//! analyst's themes again. An edit whose theme or response no longer exists is refused with
//! an [`EditError`] and changes nothing; the caller reports it and goes on.

use super::{Clustering, ResponseUnits, Slot, cluster};
use barometer_maths::{centroid, dot};
use serde::{Deserialize, Serialize};

/// One analyst edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Edit {
    /// Give a theme the analyst's label.
    Rename {
        /// The theme.
        theme: String,
        /// Its new label.
        label: String,
    },
    /// Fold theme `from` into theme `into`, which keeps its id and label.
    Merge {
        /// The theme that disappears.
        from: String,
        /// The theme that receives its units.
        into: String,
    },
    /// Split a theme in two by its units' vectors; the halves are `ID.1` and `ID.2`.
    Split {
        /// The theme.
        theme: String,
    },
    /// Remove a theme; its units go to "other".
    Delete {
        /// The theme.
        theme: String,
    },
    /// Move a response's units from one theme (or "other", `None`) to another (or "other").
    Move {
        /// The response's id.
        response: String,
        /// Where its units are now.
        from: Option<String>,
        /// Where they go.
        to: Option<String>,
    },
}

/// Why an edit could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// No theme has this id (any more).
    NoSuchTheme(String),
    /// No response has this id.
    NoSuchResponse(String),
    /// The response has no unit where the move starts.
    NothingToMove {
        /// The response.
        response: String,
        /// The theme it was to leave (`None`: other).
        from: Option<String>,
    },
    /// A theme of fewer than two distinct units cannot be split.
    TooSmallToSplit(String),
    /// A theme cannot be merged into itself.
    SameTheme(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NoSuchTheme(t) => write!(f, "no theme `{t}`"),
            EditError::NoSuchResponse(r) => write!(f, "no response `{r}` answered this question"),
            EditError::NothingToMove { response, from } => write!(
                f,
                "response `{response}` has nothing in {}",
                from.as_deref()
                    .map_or("other".to_string(), |t| format!("theme `{t}`"))
            ),
            EditError::TooSmallToSplit(t) => write!(f, "theme `{t}` has too few distinct units to split"),
            EditError::SameTheme(t) => write!(f, "theme `{t}` cannot be merged into itself"),
        }
    }
}

impl std::error::Error for EditError {}

impl Clustering {
    fn live_slot(&self, id: &str) -> Result<usize, EditError> {
        self.slot_of(id)
            .ok_or_else(|| EditError::NoSuchTheme(id.to_string()))
    }

    /// Applies one edit; on error nothing changes.
    pub fn apply(&mut self, edit: &Edit, responses: &[ResponseUnits<'_>]) -> Result<(), EditError> {
        match edit {
            Edit::Rename { theme, label } => {
                let s = self.live_slot(theme)?;
                self.slots[s].label = Some(label.clone());
            }
            Edit::Merge { from, into } => {
                let (f, t) = (self.live_slot(from)?, self.live_slot(into)?);
                if f == t {
                    return Err(EditError::SameTheme(from.clone()));
                }
                self.reassign(|_, _, s| (s == Some(f)).then_some(Some(t)));
                self.reassign_also(f, |_| Some(t));
                self.slots[f].live = false;
                // Once it argues both ways, the merged theme no longer leans to one side.
                if self.slots[t].leaning != self.slots[f].leaning {
                    self.slots[t].leaning = None;
                }
            }
            Edit::Delete { theme } => {
                let s = self.live_slot(theme)?;
                self.reassign(|_, _, x| (x == Some(s)).then_some(None));
                self.reassign_also(s, |_| None);
                self.slots[s].live = false;
            }
            Edit::Move { response, from, to } => {
                let r = responses
                    .iter()
                    .position(|x| x.id == response)
                    .ok_or_else(|| EditError::NoSuchResponse(response.clone()))?;
                let f = from.as_deref().map(|t| self.live_slot(t)).transpose()?;
                let t = to.as_deref().map(|t| self.live_slot(t)).transpose()?;
                let held_also = f.is_some_and(|f| self.also[r].contains(&f));
                if !self.units[r].contains(&f) && !held_also {
                    return Err(EditError::NothingToMove {
                        response: response.clone(),
                        from: from.clone(),
                    });
                }
                self.reassign(|rr, _, x| (rr == r && x == f).then_some(t));
                if let Some(f) = f
                    && self.also[r].remove(&f)
                    && let Some(t) = t
                {
                    self.also[r].insert(t);
                }
                let us = &self.units[r];
                self.also[r].retain(|s| !us.contains(&Some(*s)));
            }
            Edit::Split { theme } => {
                let s = self.live_slot(theme)?;
                let halves = self
                    .two_means(s, responses)
                    .ok_or_else(|| EditError::TooSmallToSplit(theme.clone()))?;
                let base = self.slots[s].clone();
                let first = self.slots.len();
                for i in 1..=2 {
                    self.slots.push(Slot {
                        id: format!("{}.{i}", base.id),
                        label: base.label.as_ref().map(|l| format!("{l} ({i})")),
                        leaning: base.leaning,
                        live: true,
                    });
                }
                let side = |v: &[f32]| first + usize::from(dot(v, &halves[1]) > dot(v, &halves[0]));
                self.reassign(|r, u, x| (x == Some(s)).then(|| Some(side(responses[r].units[u].vector))));
                // A response holding the theme only as a second theme follows its answer's mean.
                let dim = halves[0].len();
                self.reassign_also(s, |r| {
                    Some(side(&centroid(dim, responses[r].units.iter().map(|u| u.vector))))
                });
                self.slots[s].live = false;
            }
        }
        Ok(())
    }

    /// Sets each unit's slot to `f(response, unit, slot)` where that gives `Some`.
    fn reassign(&mut self, f: impl Fn(usize, usize, Option<usize>) -> Option<Option<usize>>) {
        for (r, us) in self.units.iter_mut().enumerate() {
            for (u, slot) in us.iter_mut().enumerate() {
                if let Some(to) = f(r, u, *slot) {
                    *slot = to;
                }
            }
        }
    }

    /// Moves second-theme memberships of slot `from` to `to` (or drops them), per response.
    fn reassign_also(&mut self, from: usize, to: impl Fn(usize) -> Option<usize>) {
        for (r, also) in self.also.iter_mut().enumerate() {
            if also.remove(&from)
                && let Some(t) = to(r)
            {
                also.insert(t);
            }
        }
        // A response whose own unit is in a theme does not hold it twice.
        for (us, also) in self.units.iter().zip(self.also.iter_mut()) {
            also.retain(|s| !us.contains(&Some(*s)));
        }
    }

    /// Two centres for a theme's units: seeded by the unit farthest from the theme's centre
    /// and the unit farthest from that one (the smallest text wins ties), then five rounds of
    /// spherical k-means. `None` when the theme has fewer than two distinct units.
    fn two_means(&self, s: usize, responses: &[ResponseUnits<'_>]) -> Option<[Vec<f32>; 2]> {
        let mut members: Vec<(&str, &[f32])> = Vec::new();
        for (r, us) in self.units.iter().enumerate() {
            for (u, slot) in us.iter().enumerate() {
                if *slot == Some(s) {
                    let unit = responses[r].units[u];
                    members.push((unit.text, unit.vector));
                }
            }
        }
        members.sort_by(|a, b| a.0.cmp(b.0));
        members.dedup_by(|a, b| a.0 == b.0);
        if members.len() < 2 {
            return None;
        }
        let dim = members[0].1.len();
        let centre = centroid(dim, members.iter().map(|m| m.1));
        let farthest_from = |c: &[f32]| {
            members
                .iter()
                .min_by(|a, b| dot(a.1, c).total_cmp(&dot(b.1, c)))
                .map(|m| m.1.to_vec())
                .expect("two members or more")
        };
        let a = farthest_from(&centre);
        let b = farthest_from(&a);
        let mut centres = vec![a, b];
        let points: Vec<&[f32]> = members.iter().map(|m| m.1).collect();
        cluster::refine(&points, &mut centres, -1.0, 5);
        Some([centres[0].clone(), centres[1].clone()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::themes::{Options, Unit, discover};
    use barometer_maths::normalise;
    use std::collections::BTreeSet;

    /// Twelve one-unit responses: six near one direction, six near another; within each
    /// group, three lean one way and three another, so a split has something to find.
    fn data() -> (Vec<String>, Vec<String>, Vec<Vec<f32>>) {
        let mut ids = Vec::new();
        let mut texts = Vec::new();
        let mut vectors = Vec::new();
        for g in 0..2 {
            for i in 0..6 {
                let mut v = vec![0f32; 6];
                v[g] = 1.0;
                v[2 + g * 2 + i / 3] = 0.5;
                v[5] = 0.01 * i as f32;
                normalise(&mut v);
                ids.push(format!("r{g}{i}"));
                texts.push(format!("group {g} text {i}"));
                vectors.push(v);
            }
        }
        (ids, texts, vectors)
    }

    #[test]
    fn edits_rename_merge_split_delete_and_move_and_refuse_what_is_gone() {
        let (ids, texts, vectors) = data();
        let input: Vec<ResponseUnits<'_>> = (0..ids.len())
            .map(|i| ResponseUnits {
                id: &ids[i],
                units: vec![Unit {
                    text: &texts[i],
                    vector: &vectors[i],
                }],
                camp: None,
            })
            .collect();
        let options = Options {
            k: Some(2),
            margin: 0.0,
            ..Options::default()
        };
        let mut c = discover(&input, &options);
        assert_eq!(c.theme_ids(), ["t01", "t02"]);
        let of = |c: &Clustering, id: &str| {
            c.unit_themes()[ids.iter().position(|x| x == id).unwrap()][0].map(str::to_string)
        };
        let t_first = of(&c, "r00").unwrap();
        assert!((0..6).all(|i| of(&c, &format!("r0{i}")).as_deref() == Some(t_first.as_str())));

        c.apply(
            &Edit::Rename {
                theme: t_first.clone(),
                label: "Mine".into(),
            },
            &input,
        )
        .unwrap();
        assert_eq!(
            c.finish(&input, None)
                .themes
                .iter()
                .find(|t| t.id == t_first)
                .unwrap()
                .label,
            "Mine"
        );

        c.apply(
            &Edit::Split {
                theme: t_first.clone(),
            },
            &input,
        )
        .unwrap();
        let halves: BTreeSet<Option<String>> = (0..6).map(|i| of(&c, &format!("r0{i}"))).collect();
        let want: BTreeSet<Option<String>> =
            [Some(format!("{t_first}.1")), Some(format!("{t_first}.2"))].into();
        assert_eq!(halves, want);
        // The split follows the two sub-directions: r00..r02 together, r03..r05 together.
        assert_eq!(of(&c, "r00"), of(&c, "r02"));
        assert_ne!(of(&c, "r00"), of(&c, "r03"));

        let other_theme = of(&c, "r10").unwrap();
        let half = of(&c, "r00").unwrap();
        c.apply(
            &Edit::Move {
                response: "r10".into(),
                from: Some(other_theme.clone()),
                to: Some(half.clone()),
            },
            &input,
        )
        .unwrap();
        assert_eq!(of(&c, "r10"), Some(half.clone()));
        let err = c.apply(
            &Edit::Move {
                response: "r10".into(),
                from: Some(other_theme.clone()),
                to: None,
            },
            &input,
        );
        assert!(matches!(err, Err(EditError::NothingToMove { .. })), "{err:?}");

        c.apply(
            &Edit::Merge {
                from: format!("{t_first}.2"),
                into: format!("{t_first}.1"),
            },
            &input,
        )
        .unwrap();
        assert!((0..6).all(|i| of(&c, &format!("r0{i}")) == Some(format!("{t_first}.1"))));
        c.apply(
            &Edit::Delete {
                theme: other_theme.clone(),
            },
            &input,
        )
        .unwrap();
        assert_eq!(of(&c, "r11"), None, "deleted theme's units go to other");
        let before = c.clone();
        let err = c.apply(
            &Edit::Rename {
                theme: other_theme.clone(),
                label: "x".into(),
            },
            &input,
        );
        assert_eq!(err, Err(EditError::NoSuchTheme(other_theme)));
        assert_eq!(c, before, "a refused edit changes nothing");
        let set = c.finish(&input, None);
        assert_eq!(set.other, 5);
        assert_eq!(set.themes.len(), 1);
        assert_eq!(set.themes[0].respondents, 7);
    }
}
