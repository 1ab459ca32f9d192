//! Source names packed in one buffer (cheap at a million rows), with case-insensitive search.

/// Names by source index, in sorted order (so that [`Names::find`] can bisect).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    buf: String,
    ends: Vec<u32>,
}

impl Names {
    /// Appends a name.
    pub fn push(&mut self, name: &str) {
        self.buf.push_str(name);
        self.ends.push(self.buf.len() as u32);
    }

    /// The name of source `i`.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.buf[start..self.ends[i] as usize]
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// No names.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Index of an exact name. Names must have been pushed in sorted order (catalogs are).
    pub fn find(&self, name: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid).cmp(name) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

impl<'a> FromIterator<&'a str> for Names {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Names {
        let mut n = Names::default();
        iter.into_iter().for_each(|s| n.push(s));
        n
    }
}

/// Whether `hay` contains `needle`, ignoring ASCII case and spaces in both
/// (so "j0042 31" finds "2CXO J004231.1+411621").
pub fn loosely_contains(hay: &str, needle: &str) -> bool {
    let squash = |s: &str| s.bytes().filter(|b| *b != b' ').map(|b| b.to_ascii_lowercase()).collect::<Vec<u8>>();
    let (h, n) = (squash(hay), squash(needle));
    n.is_empty() || h.windows(n.len()).any(|w| w == n.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_and_finds() {
        let n: Names = ["2CXO J000010.0-501526", "2CXO J004231.1+411621"].into_iter().collect();
        assert_eq!(n.get(1), "2CXO J004231.1+411621");
        assert_eq!(n.find("2CXO J000010.0-501526"), Some(0));
        assert!(loosely_contains(n.get(1), "j0042 31"));
        assert!(!loosely_contains(n.get(0), "J0042"));
    }
}
