//! SIMBAD main types → the paper's ten classes.
//!
//! Accepted spellings (case-insensitive; surrounding whitespace, `_`, `-` and inner spaces
//! ignored): SIMBAD's condensed codes (`Sy1`, `HXB`, `Y*O`, `TT*`, `Or*`, …), its current long
//! names (`Seyfert1`, `HighMassXBin`, `YSO`, `TTauri*`, `OrionV*`, …) and the paper's / older
//! SIMBAD long names (`Seyfert_1`, `HMXB`, `XB`, `TTau*`, `Orion_V*`, …), and the
//! descriptions SIMBAD prints beside its codes (`Quasar`, `Active Galaxy Nucleus`,
//! `Seyfert 1 Galaxy`, `High Mass X-ray Binary`, `Young Stellar Object`, `T Tauri Star`,
//! `Orion Variable`, …).
//!
//! Candidate types (`QSO_Candidate`/`Q?`, `XB?`, `Y*?`, `TT?`, …) are deliberately *not*
//! mapped: the paper labelled detections by main type as given, so a candidate was not a
//! label. Neither is SIMBAD's generic `Seyfert`/`SyG` (the paper has only types 1 and 2).
//! Both come back as [`Label::Unknown`], so their counts can be reported.

use crate::class::{Class, N_CLASSES};
use std::collections::BTreeMap;

/// What a label cell means for the classifier.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Label {
    /// One of the ten labelled classes.
    Class(Class),
    /// Empty, or a type the paper explicitly counts as unlabelled (Star, X, Radio, IR, Blue,
    /// UV, gamma, PartofG, **).
    Unlabelled,
    /// Any other value, trimmed: also unlabelled, kept to report what was not mapped.
    Unknown(String),
}

/// Case-folded with `_`, `-` and whitespace removed.
fn normalise(s: &str) -> String {
    s.chars().filter(|c| !(c.is_whitespace() || *c == '_' || *c == '-')).flat_map(char::to_lowercase).collect()
}

/// Normalised spellings of each class.
const SPELLINGS: [(Class, &[&str]); N_CLASSES] = [
    (Class::Qso, &["qso", "quasar"]),
    (Class::Agn, &["agn", "activegalaxynucleus", "activegalacticnucleus", "activegalnucleus"]),
    (Class::Seyfert1, &["sy1", "seyfert1", "seyfert1galaxy"]),
    (Class::Seyfert2, &["sy2", "seyfert2", "seyfert2galaxy"]),
    (Class::Hmxb, &["hxb", "highmassxbin", "hmxb", "highmassxraybinary"]),
    (Class::Lmxb, &["lxb", "lowmassxbin", "lmxb", "lowmassxraybinary"]),
    (Class::Xb, &["xb*", "xraybin", "xb", "xraybinary"]),
    (Class::Yso, &["y*o", "yso", "youngstellarobject"]),
    (Class::TTau, &["tt*", "ttauri*", "ttau*", "ttauri", "ttauristar"]),
    (Class::OrionV, &["or*", "orionv*", "orionvariable"]),
];

/// Normalised spellings of the paper's explicitly unlabelled types (long names and codes).
const UNLABELLED: [&str; 15] =
    ["star", "*", "x", "radio", "rad", "ir", "blue", "blu", "uv", "gamma", "gam", "partofg", "pog", "**", ""];

/// Reads one label cell.
pub fn parse_label(s: &str) -> Label {
    let key = normalise(s);
    if let Some((class, _)) = SPELLINGS.iter().find(|(_, names)| names.contains(&key.as_str())) {
        Label::Class(*class)
    } else if UNLABELLED.contains(&key.as_str()) {
        Label::Unlabelled
    } else {
        Label::Unknown(s.trim().to_string())
    }
}

/// Counts of a label column: per class (in [`Class::ALL`] order), unlabelled, and each
/// unmapped value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelTally {
    pub classes: [usize; N_CLASSES],
    pub unlabelled: usize,
    pub unknown: BTreeMap<String, usize>,
}

impl LabelTally {
    /// Tallies label cells.
    pub fn of<'a>(cells: impl IntoIterator<Item = &'a str>) -> Self {
        let mut t = LabelTally::default();
        for cell in cells {
            match parse_label(cell) {
                Label::Class(c) => t.classes[c.index()] += 1,
                Label::Unlabelled => t.unlabelled += 1,
                Label::Unknown(s) => *t.unknown.entry(s).or_default() += 1,
            }
        }
        t
    }
}

/// The column most likely to hold SIMBAD types: the first header equal (ignoring case and
/// surrounding whitespace) to `otype`, else `main_type`, else `class`.
pub fn suggest_label_column(headers: &[&str]) -> Option<usize> {
    ["otype", "main_type", "class"]
        .iter()
        .find_map(|want| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(want)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_spelling_maps() {
        let cases: [(&str, Class); 43] = [
            ("QSO", Class::Qso),
            ("qso", Class::Qso),
            ("AGN", Class::Agn),
            ("Sy1", Class::Seyfert1),
            ("Seyfert1", Class::Seyfert1),
            ("Seyfert_1", Class::Seyfert1),
            ("Sy2", Class::Seyfert2),
            ("Seyfert2", Class::Seyfert2),
            ("  seyfert_2 ", Class::Seyfert2),
            ("HXB", Class::Hmxb),
            ("HighMassXBin", Class::Hmxb),
            ("HMXB", Class::Hmxb),
            ("LXB", Class::Lmxb),
            ("LowMassXBin", Class::Lmxb),
            ("LMXB", Class::Lmxb),
            ("XB*", Class::Xb),
            ("XrayBin", Class::Xb),
            ("XB", Class::Xb),
            ("Y*O", Class::Yso),
            ("YSO", Class::Yso),
            ("TT*", Class::TTau),
            ("TTauri*", Class::TTau),
            ("TTau*", Class::TTau),
            ("TTauri", Class::TTau),
            ("Or*", Class::OrionV),
            ("OrionV*", Class::OrionV),
            ("Orion_V*", Class::OrionV),
            ("orion_v*", Class::OrionV),
            ("\tHMXB\n", Class::Hmxb),
            ("High Mass XBin", Class::Hmxb),
            ("Seyfert-1", Class::Seyfert1),
            // SIMBAD's descriptions of its codes (issue 16, bug 12).
            ("Quasar", Class::Qso),
            ("quasar", Class::Qso),
            ("Active Galaxy Nucleus", Class::Agn),
            ("Active Galactic Nucleus", Class::Agn),
            ("Seyfert 1 Galaxy", Class::Seyfert1),
            ("Seyfert 2 Galaxy", Class::Seyfert2),
            ("High Mass X-ray Binary", Class::Hmxb),
            ("Low-Mass X-ray Binary", Class::Lmxb),
            ("X-ray Binary", Class::Xb),
            ("Young Stellar Object", Class::Yso),
            ("T Tauri Star", Class::TTau),
            ("Orion Variable", Class::OrionV),
        ];
        for (s, c) in cases {
            assert_eq!(parse_label(s), Label::Class(c), "{s:?}");
        }
        // The paper's own spellings all map to themselves.
        for c in Class::ALL {
            assert_eq!(parse_label(c.name()), Label::Class(c));
        }
    }

    #[test]
    fn unlabelled_and_unknown() {
        for s in ["", "  ", "Star", "*", "X", "Radio", "IR", "Blue", "UV", "gamma", "PartofG", "**"] {
            assert_eq!(parse_label(s), Label::Unlabelled, "{s:?}");
        }
        for s in ["QSO_Candidate", "XB?", "Y*?", "Seyfert", "SyG", "Galaxy", "HMXB?"] {
            assert_eq!(parse_label(s), Label::Unknown(s.into()), "{s:?}");
        }
        let t = LabelTally::of(["QSO", "Star", "XB?", " XB? ", "yso", ""]);
        assert_eq!((t.classes[0], t.classes[7], t.unlabelled), (1, 1, 2));
        assert_eq!(t.unknown.into_iter().collect::<Vec<_>>(), [("XB?".to_string(), 2)]);
    }

    #[test]
    fn suggests_the_label_column() {
        assert_eq!(suggest_label_column(&["name", "Class", "OTYPE "]), Some(2));
        assert_eq!(suggest_label_column(&["name", "class", "main_type"]), Some(2));
        assert_eq!(suggest_label_column(&["name", " Class"]), Some(1));
        assert_eq!(suggest_label_column(&["name", "classes"]), None);
    }
}
