//! Line patches: how the audit log keeps a change of a case file at the size of the change.
//!
//! A patch lists, for each changed stretch of lines, the lines removed and the lines added
//! (no context lines), with their positions. Holding both sides makes it reversible: from
//! the text after a change and its patch the text before follows exactly, so the log keeps
//! only the file as it is now plus one patch per change and can rebuild every version.
//!
//! A line keeps its `\n` (the last may have none), so joining the lines gives back the
//! exact bytes (`\r`, a missing final newline), and an empty text has no lines.

use std::collections::HashMap;
use std::ops::Range;

/// One changed stretch of lines, each with its `\n` (but the text's last, if it had none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hunk {
    /// Where `removed` stood in the text before (0-based line).
    pub before_at: usize,
    /// The lines taken out.
    pub removed: Vec<String>,
    /// Where `added` stands in the text after (0-based line).
    pub after_at: usize,
    /// The lines put in.
    pub added: Vec<String>,
}

/// The changes from one text to another, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Patch {
    /// The changed stretches, in the order of the text.
    pub hunks: Vec<Hunk>,
}

/// A stored patch that cannot be read or does not fit the text it is applied to.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PatchMismatch(pub String);

/// Regions smaller than this are not searched for further anchors: one hunk is as good.
const SMALL_REGION: usize = 2;
/// How deep the search for anchor lines recurses before one hunk covers what is left; a
/// bound on the time an adversarial file can cost, not a limit a real case file meets.
const MAX_DEPTH: usize = 48;

impl Patch {
    /// The patch turning `before` into `after`: common lines at both ends are skipped,
    /// and in between, lines that occur once on each side and in the same order anchor
    /// the match (the "patience" method), so an edit in a large file gives a small patch.
    pub fn between(before: &str, after: &str) -> Patch {
        let (old, new): (Vec<&str>, Vec<&str>) = (before.split_inclusive('\n').collect(), after.split_inclusive('\n').collect());
        let mut hunks = Vec::new();
        diff_region(&old, 0..old.len(), &new, 0..new.len(), 0, &mut hunks);
        Patch { hunks }
    }

    /// Whether the two texts were the same.
    pub fn is_empty(&self) -> bool {
        self.hunks.is_empty()
    }

    /// Every line removed or added, as a page shows it: `'-'` or `'+'` and the line without
    /// its `\n`, stretch by stretch, the removed lines of each first.
    pub fn lines(&self) -> impl Iterator<Item = (char, &str)> {
        fn shown(sign: char, line: &str) -> (char, &str) {
            (sign, line.strip_suffix('\n').unwrap_or(line))
        }
        self.hunks.iter().flat_map(|h| h.removed.iter().map(|l| shown('-', l)).chain(h.added.iter().map(|l| shown('+', l))))
    }

    /// Every removed line (without its `\n`), in order.
    pub fn removed(&self) -> impl Iterator<Item = &str> {
        self.lines().filter(|(sign, _)| *sign == '-').map(|(_, line)| line)
    }

    /// Every added line (without its `\n`), in order.
    pub fn added(&self) -> impl Iterator<Item = &str> {
        self.lines().filter(|(sign, _)| *sign == '+').map(|(_, line)| line)
    }

    /// The text before the change, from the text after it.
    pub fn revert(&self, after: &str) -> Result<String, PatchMismatch> {
        let new: Vec<&str> = after.split_inclusive('\n').collect();
        let mut old: Vec<&str> = Vec::with_capacity(new.len());
        let mut at = 0;
        for (i, hunk) in self.hunks.iter().enumerate() {
            let mismatch = || PatchMismatch(format!("第 {} 处改动与其后的文本不符", i + 1));
            let end = hunk.after_at.checked_add(hunk.added.len()).ok_or_else(mismatch)?;
            if hunk.after_at < at || end > new.len() || new[hunk.after_at..end] != hunk.added[..] {
                return Err(mismatch());
            }
            old.extend_from_slice(&new[at..hunk.after_at]);
            if old.len() != hunk.before_at {
                return Err(mismatch());
            }
            old.extend(hunk.removed.iter().map(String::as_str));
            at = end;
        }
        old.extend_from_slice(&new[at..]);
        Ok(old.concat())
    }

    /// The patch as stored: a header `@ BEFORE_AT AFTER_AT` per hunk, then its removed
    /// lines each after `-` and its added lines each after `+`; a line that had no `\n`
    /// (a text's last) is followed by a line `\`.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for hunk in &self.hunks {
            text.push_str(&format!("@ {} {}\n", hunk.before_at, hunk.after_at));
            for (sign, lines) in [('-', &hunk.removed), ('+', &hunk.added)] {
                for line in lines {
                    text.push(sign);
                    text.push_str(line);
                    if !line.ends_with('\n') {
                        text.push_str("\n\\\n");
                    }
                }
            }
        }
        text
    }

    /// Reads a patch written by [`Patch::to_text`].
    pub fn parse(text: &str) -> Result<Patch, PatchMismatch> {
        let mut hunks: Vec<Hunk> = Vec::new();
        for (n, line) in text.split_inclusive('\n').enumerate() {
            let bad = || PatchMismatch(format!("改动记录第 {} 行无法读取", n + 1));
            if !line.ends_with('\n') {
                return Err(bad());
            }
            if let Some(header) = line.strip_prefix("@ ") {
                let (before_at, after_at) = header.trim_end_matches('\n').split_once(' ').ok_or_else(bad)?;
                let (before_at, after_at) = (before_at.parse().map_err(|_| bad())?, after_at.parse().map_err(|_| bad())?);
                hunks.push(Hunk { before_at, removed: Vec::new(), after_at, added: Vec::new() });
                continue;
            }
            let hunk = hunks.last_mut().ok_or_else(bad)?;
            match (line.strip_prefix('-'), line.strip_prefix('+')) {
                (Some(removed), _) if hunk.added.is_empty() => hunk.removed.push(removed.to_owned()),
                (_, Some(added)) => hunk.added.push(added.to_owned()),
                _ if line == "\\\n" => {
                    // Every line read ends with its newline until a marker takes it off.
                    let last = if hunk.added.is_empty() { hunk.removed.last_mut() } else { hunk.added.last_mut() };
                    match last {
                        Some(last) if last.ends_with('\n') => last.truncate(last.len() - 1),
                        _ => return Err(bad()),
                    }
                }
                _ => return Err(bad()),
            }
        }
        Ok(Patch { hunks })
    }
}

/// Appends the hunks turning `old[o]` into `new[n]`.
fn diff_region(old: &[&str], mut o: Range<usize>, new: &[&str], mut n: Range<usize>, depth: usize, hunks: &mut Vec<Hunk>) {
    while !o.is_empty() && !n.is_empty() && old[o.start] == new[n.start] {
        (o.start, n.start) = (o.start + 1, n.start + 1);
    }
    while !o.is_empty() && !n.is_empty() && old[o.end - 1] == new[n.end - 1] {
        (o.end, n.end) = (o.end - 1, n.end - 1);
    }
    if o.is_empty() && n.is_empty() {
        return;
    }
    let anchors =
        if depth < MAX_DEPTH && o.len() >= SMALL_REGION && n.len() >= SMALL_REGION { unique_anchors(&old[o.clone()], &new[n.clone()]) } else { Vec::new() };
    if anchors.is_empty() {
        let owned = |lines: &[&str]| lines.iter().map(|l| (*l).to_owned()).collect();
        return hunks.push(Hunk { before_at: o.start, removed: owned(&old[o.clone()]), after_at: n.start, added: owned(&new[n]) });
    }
    // Between anchors, and after the last.
    let (mut from_old, mut from_new) = (o.start, n.start);
    for (a, b) in anchors {
        diff_region(old, from_old..o.start + a, new, from_new..n.start + b, depth + 1, hunks);
        (from_old, from_new) = (o.start + a + 1, n.start + b + 1);
    }
    diff_region(old, from_old..o.end, new, from_new..n.end, depth + 1, hunks);
}

/// The pairs (old index, new index) of lines occurring exactly once on each side, the
/// longest run of them in the same order on both.
fn unique_anchors(old: &[&str], new: &[&str]) -> Vec<(usize, usize)> {
    let mut counts: HashMap<&str, (usize, usize, usize)> = HashMap::new();
    for (i, line) in old.iter().enumerate() {
        let entry = counts.entry(line).or_insert((0, 0, 0));
        (entry.0, entry.1) = (entry.0 + 1, i);
    }
    for line in new {
        if let Some(entry) = counts.get_mut(line) {
            entry.2 += 1;
        }
    }
    let pairs: Vec<(usize, usize)> =
        new.iter().enumerate().filter_map(|(j, line)| counts.get(line).filter(|c| c.0 == 1 && c.2 == 1).map(|c| (c.1, j))).collect();
    longest_increasing(&pairs)
}

/// The longest subsequence of `pairs` (ordered by their second index) whose first indices
/// increase: patience sorting, O(n log n).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut tails: Vec<usize> = Vec::new();
    let mut back: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(a, _)) in pairs.iter().enumerate() {
        let pile = tails.partition_point(|&t| pairs[t].0 < a);
        back[k] = pile.checked_sub(1).map(|p| tails[p]);
        if pile == tails.len() {
            tails.push(k);
        } else {
            tails[pile] = k;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(k) = at {
        run.push(pairs[k]);
        at = back[k];
    }
    run.reverse();
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(before: &str, after: &str) -> Patch {
        let patch = Patch::between(before, after);
        assert_eq!(patch.revert(after).as_deref(), Ok(before), "reverting gives back the text before");
        assert_eq!(Patch::parse(&patch.to_text()), Ok(patch.clone()), "stored and read back alike");
        patch
    }

    #[test]
    fn an_added_sale_is_one_hunk_of_its_lines() {
        let before = "[[sales]]\nid = \"s1\"\nshares = 100\n\n[[sales]]\nid = \"s2\"\nshares = 200\n";
        let after = "[[sales]]\nid = \"s1\"\nshares = 100\n\n[[sales]]\nid = \"s3\"\nshares = 300\n\n[[sales]]\nid = \"s2\"\nshares = 200\n";
        let patch = round_trip(before, after);
        assert_eq!(patch.removed().count(), 0);
        // Common lines are kept at both ends, so the four lines added are s3's block
        // shifted by the repeated `[[sales]]` header: as short as the change.
        assert_eq!(patch.added().collect::<Vec<_>>(), ["id = \"s3\"", "shares = 300", "", "[[sales]]"]);
    }

    #[test]
    fn a_changed_figure_in_a_large_file_costs_one_line_each_way() {
        let lines: Vec<String> = (0..20_000).map(|i| format!("amount_{i} = {}", i * 7)).collect();
        let before = lines.join("\n");
        let after = before.replace("amount_12345 = 86415", "amount_12345 = 86416");
        let patch = round_trip(&before, &after);
        assert_eq!(patch.to_text(), "@ 12345 12345\n-amount_12345 = 86415\n+amount_12345 = 86416\n");
        let last = round_trip(&before, &format!("{before}\n"));
        assert_eq!(last.to_text(), "@ 19999 19999\n-amount_19999 = 139993\n\\\n+amount_19999 = 139993\n", "a final newline added shows");
    }

    #[test]
    fn exact_bytes_survive() {
        round_trip("", "a");
        round_trip("a", "");
        round_trip("a\n", "a");
        round_trip("a\r\nb\r\n", "a\r\nc\r\n");
        round_trip("x\ny\nx\ny\n", "y\nx\ny\nx\n");
        round_trip("same\n", "same\n");
        round_trip("- minus\n+ plus\n@ 1 2\n", "@ 0 0\n+ plus\n- minus\n");
        round_trip("\\\n\\", "\\");
        let assigned = round_trip("", "688316");
        assert_eq!((assigned.removed().count(), assigned.added().collect::<Vec<_>>()), (0, vec!["688316"]), "an empty text has no lines");
        // Every line repeated: no anchors, so one hunk in the middle.
        round_trip(&"a\nb\n".repeat(50), &"b\na\n".repeat(50));
    }

    #[test]
    fn random_texts_of_few_distinct_lines_round_trip() {
        // Few distinct lines make repeats, the case patience anchoring must not get wrong.
        let pieces = ["a\n", "b\n", "c", "\n", "\r\n", "[[sales]]\n", "d\n"];
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..3_000 {
            let mut text = || (0..next(12)).map(|_| pieces[next(pieces.len())]).collect::<String>();
            let (before, after) = (text(), text());
            round_trip(&before, &after);
        }
    }

    #[test]
    fn a_patch_that_does_not_fit_is_refused() {
        let patch = Patch::between("a\nb\nc", "a\nB\nc");
        assert!(patch.revert("a\nX\nc").is_err(), "the added line is not there");
        assert!(patch.revert("a").is_err(), "the text is shorter than the hunk");
        assert!(Patch::parse("+orphan\n").is_err(), "a line before any header");
        assert!(Patch::parse("@ x 1\n").is_err(), "a header without positions");
        assert!(Patch::parse("@ 0 0\n+a\n-b\n").is_err(), "removed lines come first");
        assert!(Patch::parse("@ 0 0\n\\\n").is_err(), "no line to end without a newline");
        assert!(Patch::parse("@ 0 0\n+a").is_err(), "a record cut short");
    }
}
