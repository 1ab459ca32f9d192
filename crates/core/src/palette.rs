//! Colours of the classes and groups, by palette: colour-blind-safe by default, or the
//! paper's (matplotlib's tab10) to match its figures.
//!
//! The default is safe because the paper's group colours put green (XB) beside red (YSO),
//! which people with the commonest colour-vision deficiencies (deutan, protan) cannot tell
//! apart; "paper" stays one click away (and in links) to reproduce Fig. 2-5 as printed.

use crate::class::{Class, Group};
use serde::{Deserialize, Serialize};

/// A palette for classes and groups.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Palette {
    /// Groups in Okabe & Ito's colours, classes in Paul Tol's "muted" scheme (plus black).
    #[default]
    Safe,
    /// The paper's colours: tab10 for classes and groups.
    Paper,
}

/// Okabe & Ito (2008): blue, orange, bluish green, reddish purple for AGN, Seyfert, XB, YSO.
const OKABE_ITO_GROUPS: [&str; 4] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"];
/// Paul Tol's "muted" qualitative scheme (9 colours) and black, for the 10 classes.
const TOL_MUTED_CLASSES: [&str; 10] =
    ["#332288", "#88CCEE", "#DDCC77", "#999933", "#117733", "#44AA99", "#000000", "#CC6677", "#882255", "#AA4499"];

impl Palette {
    /// Every palette, for the menu.
    pub const ALL: [Palette; 2] = [Palette::Safe, Palette::Paper];

    /// What the menu says.
    pub fn label(self) -> &'static str {
        match self {
            Palette::Safe => "Colour-blind safe (Okabe-Ito, Paul Tol)",
            Palette::Paper => "The paper's (tab10)",
        }
    }

    /// The key used in menus and links.
    pub fn key(self) -> &'static str {
        match self {
            Palette::Safe => "safe",
            Palette::Paper => "paper",
        }
    }

    /// `#rrggbb` of a group.
    pub fn group(self, g: Group) -> &'static str {
        match self {
            Palette::Safe => OKABE_ITO_GROUPS[g.index()],
            Palette::Paper => g.colour(),
        }
    }

    /// `#rrggbb` of a class.
    pub fn class(self, c: Class) -> &'static str {
        match self {
            Palette::Safe => TOL_MUTED_CLASSES[c.index()],
            Palette::Paper => c.colour(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palettes_are_distinct_and_the_paper_one_is_tab10() {
        for p in Palette::ALL {
            let mut g: Vec<&str> = Group::ALL.iter().map(|&x| p.group(x)).collect();
            let mut c: Vec<&str> = Class::ALL.iter().map(|&x| p.class(x)).collect();
            g.sort();
            g.dedup();
            c.sort();
            c.dedup();
            assert_eq!((g.len(), c.len()), (4, 10), "{p:?}");
        }
        assert_eq!(Palette::Paper.group(Group::Xb), "#2ca02c");
        assert_eq!(Palette::Safe.group(Group::Agn), "#0072B2");
    }
}
