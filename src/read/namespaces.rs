//! Namespaces in XML 1.0 §5: the prefixes in scope, innermost first.
//!
//! A stack of bindings, pushed by an element's `xmlns` attributes and popped
//! at its end. The top few are searched one by one; below them a map finds
//! the innermost binding of a prefix, so a body nesting thousands of
//! declarations costs no walk of them all per name.

use std::cell::Cell;
use std::collections::hash_map::{HashMap, RandomState};
use std::hash::BuildHasher;

use crate::tree::{Ns, Span};

/// A prefix bound by an `xmlns` attribute in scope.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Binding {
    /// The prefix; empty for the default namespace.
    pub(crate) prefix: Span,
    /// [`prefix_key`] of the prefix.
    key: u64,
    pub(crate) ns: Ns,
    pub(crate) is_dav: bool,
}

impl Binding {
    pub(crate) fn new(prefix: Span, prefix_name: &str, ns: Ns, is_dav: bool) -> Self {
        Binding { prefix, key: prefix_key(prefix_name), ns, is_dav }
    }

    /// The same binding with its positions moved by `by`.
    pub(crate) fn shifted(mut self, by: isize) -> Self {
        self.prefix = self.prefix.shifted(by);
        if let Some(value) = self.ns.uri_span_mut() {
            *value = value.shifted(by);
        }
        self
    }
}

/// The top bindings of the stack are searched one by one; below this many,
/// the index finds the innermost binding of a prefix.
const UNINDEXED_BINDINGS: usize = 32;

/// The key of a prefix longer than seven bytes: such prefixes are compared as strings.
const LONG_PREFIX: u64 = u64::MAX;

/// A prefix of up to seven bytes and its length packed into one integer, so
/// that resolving a prefix compares integers, not strings.
#[inline]
fn prefix_key(prefix: &str) -> u64 {
    let bytes = prefix.as_bytes();
    if bytes.len() > 7 {
        return LONG_PREFIX;
    }
    let mut key = (bytes.len() as u64) << 56;
    for (i, &b) in bytes.iter().enumerate() {
        key |= u64::from(b) << (8 * i);
    }
    key
}

/// The prefixes in scope. See the module documentation.
#[derive(Debug, Default)]
pub(crate) struct Namespaces {
    bindings: Vec<Binding>,
    /// How many bindings, from the bottom, the index covers.
    indexed: usize,
    /// Index key → position of the innermost binding with it.
    innermost: HashMap<u64, u32>,
    /// For each indexed binding: its index key, and the binding it hides.
    links: Vec<(u64, Option<u32>)>,
    /// Hashes prefixes longer than [`prefix_key`] packs (keyed per parse,
    /// so a body cannot choose colliding prefixes).
    hasher: RandomState,
    /// The last packed prefix key looked up and the binding it found (an
    /// index in `bindings`, or [`NO_NAMESPACE_AT`]), while no binding has
    /// come or gone since: siblings and parents mostly share a prefix.
    last: Cell<Option<(u64, u32)>>,
}

/// What `xml:` is bound to, by definition (Namespaces in XML 1.0 §3).
const XML_BINDING: Binding = Binding { prefix: Span { start: 0, end: 0 }, key: u64::MAX, ns: Ns::XML, is_dav: false };
/// What no prefix means with no default namespace declared: no namespace.
const NO_NAMESPACE: Binding = Binding { prefix: Span { start: 0, end: 0 }, key: u64::MAX, ns: Ns::NONE, is_dav: false };
/// [`Namespaces::last`]'s index for [`NO_NAMESPACE`].
const NO_NAMESPACE_AT: u32 = u32::MAX;

impl Namespaces {
    /// An empty stack over the given buffers (emptied), so that a reader
    /// can reuse what an earlier one grew.
    pub(crate) fn with_buffers(mut bindings: Vec<Binding>, mut links: Vec<(u64, Option<u32>)>) -> Self {
        bindings.clear();
        links.clear();
        Namespaces { bindings, links, ..Namespaces::default() }
    }

    /// Takes the stack's buffers, leaving it empty.
    pub(crate) fn take_buffers(&mut self) -> (Vec<Binding>, Vec<(u64, Option<u32>)>) {
        (std::mem::take(&mut self.bindings), std::mem::take(&mut self.links))
    }

    /// The number of bindings in scope: a mark to [`pop_to`](Self::pop_to).
    pub(crate) fn len(&self) -> usize {
        self.bindings.len()
    }

    /// The bindings pushed since the stack was `mark` long, outermost first.
    pub(crate) fn since(&self, mark: usize) -> &[Binding] {
        &self.bindings[mark..]
    }

    /// The index key of `prefix`, whose [`prefix_key`] is `key`: the packed
    /// key itself, or a hash whose top byte no packed key has.
    fn index_key(&self, key: u64, prefix: &str) -> u64 {
        if key != LONG_PREFIX {
            return key;
        }
        self.hasher.hash_one(prefix) | (0xFF << 56)
    }

    /// The binding of `prefix` (empty: the default namespace) in scope: its
    /// namespace and whether it is `DAV:`; `src` is the window the
    /// bindings' spans index. A reference, not a copy: a result returned
    /// through memory is read back wider than it was written, a store-forwarding stall.
    #[inline(always)]
    pub(crate) fn lookup(&self, src: &str, prefix: &str) -> Option<&Binding> {
        if prefix == "xml" {
            return Some(&XML_BINDING);
        }
        let key = prefix_key(prefix);
        if let Some((last, at)) = self.last.get() {
            if last == key {
                return Some(self.binding(at));
            }
        }
        let found = self.find(src, prefix, key);
        if let (Some(at), true) = (found, key != LONG_PREFIX) {
            self.last.set(Some((key, at)));
        }
        found.map(|at| self.binding(at))
    }

    /// The binding [`find`](Self::find) or the memo names by `at`.
    #[inline(always)]
    fn binding(&self, at: u32) -> &Binding {
        if at == NO_NAMESPACE_AT {
            &NO_NAMESPACE
        } else {
            &self.bindings[at as usize]
        }
    }

    /// [`lookup`](Self::lookup) by a walk of the top bindings and the index:
    /// the binding's index, or [`NO_NAMESPACE_AT`].
    #[inline(never)]
    fn find(&self, src: &str, prefix: &str, key: u64) -> Option<u32> {
        let is_prefix = |binding: &Binding| key != LONG_PREFIX || binding.prefix.of(src) == prefix;
        let unindexed = &self.bindings[self.indexed..];
        if let Some(at) = unindexed.iter().rposition(|binding| binding.key == key && is_prefix(binding)) {
            return Some((self.indexed + at) as u32);
        }
        if self.indexed > 0 {
            let mut next = self.innermost.get(&self.index_key(key, prefix)).copied();
            while let Some(at) = next {
                if is_prefix(&self.bindings[at as usize]) {
                    return Some(at);
                }
                next = self.links[at as usize].1;
            }
        }
        prefix.is_empty().then_some(NO_NAMESPACE_AT)
    }

    /// Pushes a binding; once more than [`UNINDEXED_BINDINGS`] are not in
    /// the index, indexes them all (each binding is indexed once).
    pub(crate) fn push(&mut self, src: &str, binding: Binding) {
        self.last.set(None);
        self.bindings.push(binding);
        if self.bindings.len() - self.indexed <= UNINDEXED_BINDINGS {
            return;
        }
        for at in self.indexed..self.bindings.len() {
            let binding = self.bindings[at];
            let key = self.index_key(binding.key, binding.prefix.of(src));
            let hidden = self.innermost.insert(key, at as u32);
            self.links.push((key, hidden));
        }
        self.indexed = self.bindings.len();
    }

    /// Ends the scope of the bindings from `mark` on, restoring the index
    /// entries of the bindings they hid.
    #[inline]
    pub(crate) fn pop_to(&mut self, mark: usize) {
        // Most elements declare nothing.
        if self.bindings.len() <= mark {
            return;
        }
        self.last.set(None);
        if self.indexed > mark {
            for &(key, hidden) in self.links[mark..].iter().rev() {
                match hidden {
                    Some(hidden) => self.innermost.insert(key, hidden),
                    None => self.innermost.remove(&key),
                };
            }
            self.links.truncate(mark);
            self.indexed = mark;
        }
        self.bindings.truncate(mark);
    }

    /// Shifts every binding's spans by `by`, when a front end moves their text.
    pub(crate) fn shift(&mut self, shift: impl Fn(&mut Span)) {
        self.last.set(None);
        for binding in &mut self.bindings {
            shift(&mut binding.prefix);
            if let Some(value) = binding.ns.uri_span_mut() {
                shift(value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `xmlns:p="u"` bindings over one text, as the machine pushes them.
    fn bind(namespaces: &mut Namespaces, src: &str, prefix: &str, uri: &str) {
        let at = |needle: &str| {
            let start = src.find(needle).expect("in the text");
            Span::new(start, start + needle.len())
        };
        let prefix_span = if prefix.is_empty() { Span::new(0, 0) } else { at(prefix) };
        let ns = Ns::uri(at(uri), false);
        namespaces.push(src, Binding::new(prefix_span, prefix, ns, uri == "DAV:"));
    }

    #[test]
    fn the_innermost_binding_wins_and_pops_restore_the_outer_ones() {
        let src = "a longprefix0 DAV: urn:x urn:y";
        let mut namespaces = Namespaces::default();
        let uri = |found: Option<&Binding>| found.map(|binding| binding.ns.resolve(src).into_owned());
        bind(&mut namespaces, src, "a", "DAV:");
        bind(&mut namespaces, src, "longprefix0", "urn:x");
        let mark = namespaces.len();
        // Past UNINDEXED_BINDINGS, so that the index is used too.
        for _ in 0..20 {
            bind(&mut namespaces, src, "a", "urn:y");
        }
        assert_eq!(uri(namespaces.lookup(src, "a")).as_deref(), Some("urn:y"));
        assert_eq!(uri(namespaces.lookup(src, "longprefix0")).as_deref(), Some("urn:x"));
        assert!(namespaces.lookup(src, "b").is_none());
        assert_eq!(uri(namespaces.lookup(src, "")).as_deref(), Some(""));
        namespaces.pop_to(mark);
        assert_eq!(namespaces.lookup(src, "a").map(|binding| binding.is_dav), Some(true));
        assert_eq!(namespaces.lookup(src, "xml").map(|binding| (binding.ns, binding.is_dav)), Some((Ns::XML, false)));
    }

    #[test]
    fn prefix_keys_tell_prefixes_apart() {
        assert_ne!(prefix_key("a"), prefix_key("a\0"));
        assert_ne!(prefix_key(""), prefix_key("\0"));
        assert_eq!(prefix_key("abcdefgh"), LONG_PREFIX);
        assert_ne!(prefix_key("abcdefg"), LONG_PREFIX);
    }
}
