//! The request context: condition keys and their values, as the caller gathered them.
//!
//! Condition key names are case-insensitive in IAM, so keys are stored lowercased and looked up
//! with keys the compiler lowercased once; a lookup never allocates.

use std::borrow::Cow;

/// A context key's value. AWS distinguishes single-valued keys (`aws:username`) from
/// multi-valued ones (`aws:TagKeys`): the set operators `ForAnyValue:`/`ForAllValues:` are meant
/// for the latter, and a single value behaves as a set of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextValue {
    /// One value.
    Single(String),
    /// A set of values, possibly empty.
    Multi(Vec<String>),
}

impl ContextValue {
    /// The values as a slice (one element for [`ContextValue::Single`]).
    pub fn values(&self) -> &[String] {
        match self {
            Self::Single(value) => std::slice::from_ref(value),
            Self::Multi(values) => values,
        }
    }
}

impl From<&str> for ContextValue {
    fn from(value: &str) -> Self {
        Self::Single(value.to_owned())
    }
}

impl From<String> for ContextValue {
    fn from(value: String) -> Self {
        Self::Single(value)
    }
}

impl From<Vec<String>> for ContextValue {
    fn from(values: Vec<String>) -> Self {
        Self::Multi(values)
    }
}

/// Gathers a context's entries unsorted and sorts them once: cheaper than [`Context::insert`]
/// for a context built whole, as a server does for every request.
#[derive(Debug, Default)]
pub struct ContextBuilder {
    entries: Vec<(Cow<'static, str>, ContextValue)>,
}

impl ContextBuilder {
    /// A builder with room for `capacity` keys.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: Vec::with_capacity(capacity),
        }
    }

    /// Adds `key`, which the caller has already lowercased; a later value for the same key
    /// replaces an earlier one. A static key name costs no allocation.
    pub fn insert_lowercase(
        &mut self,
        key: impl Into<Cow<'static, str>>,
        value: impl Into<ContextValue>,
    ) {
        let key = key.into();
        debug_assert!(key.to_lowercase() == key, "{key} is not lowercase");
        self.entries.push((key, value.into()));
    }

    /// The context.
    pub fn build(self) -> Context {
        let mut entries = self.entries;
        // Latest first, then a stable sort and keeping the first of each key: the last value wins.
        entries.reverse();
        entries.sort_by(|(a, _), (b, _)| a.cmp(b));
        entries.dedup_by(|(later, _), (kept, _)| later == kept);
        Context { entries }
    }
}

/// Contexts up to this many keys are scanned rather than binary-searched.
const LINEAR_LOOKUP: usize = 24;

/// Condition keys (lowercased) to values, sorted for binary search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    entries: Vec<(Cow<'static, str>, ContextValue)>,
}

impl Context {
    /// An empty context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` (any case) to `value`, replacing an earlier value.
    pub fn insert(&mut self, key: &str, value: impl Into<ContextValue>) {
        let key = if key.is_ascii() {
            key.to_ascii_lowercase()
        } else {
            key.to_lowercase()
        };
        let value = value.into();
        match self.entries.binary_search_by(|(k, _)| k.as_ref().cmp(&key)) {
            Ok(at) => {
                if let Some(entry) = self.entries.get_mut(at) {
                    entry.1 = value;
                }
            }
            Err(at) => self.entries.insert(at, (Cow::Owned(key), value)),
        }
    }

    /// The value of `key`, which must already be lowercase (compiled policies hold keys so).
    pub fn get_lowercase(&self, key: &str) -> Option<&ContextValue> {
        // Keys mostly differ in length ("aws:username", "aws:sourceip"...), so a scan comparing
        // lengths first calls `memcmp` about once, where a binary search calls it at each step
        // on keys sharing their "aws:" prefix; long contexts still search.
        if self.entries.len() <= LINEAR_LOOKUP {
            return self
                .entries
                .iter()
                .find(|(k, _)| k.len() == key.len() && k == key)
                .map(|(_, value)| value);
        }
        self.entries
            .binary_search_by(|(k, _)| k.as_ref().cmp(key))
            .ok()
            .and_then(|at| self.entries.get(at))
            .map(|(_, value)| value)
    }

    /// The value of `key` in any case (allocates to lowercase; not for the hot path).
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.get_lowercase(&key.to_lowercase())
    }

    /// Every key (lowercased) and value, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.entries.iter().map(|(k, v)| (k.as_ref(), v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanned_and_searched_lookups_agree() {
        let mut context = Context::new();
        for n in 0..2 * LINEAR_LOOKUP {
            context.insert(&format!("aws:Key{n}"), format!("v{n}"));
            for m in 0..=n {
                let key = format!("aws:key{m}");
                assert_eq!(
                    context.get_lowercase(&key),
                    Some(&ContextValue::from(format!("v{m}")))
                );
            }
            assert_eq!(context.get_lowercase("aws:key"), None);
            assert_eq!(context.get_lowercase("aws:key99"), None);
        }
    }

    #[test]
    fn a_built_context_is_sorted_and_the_last_value_wins() {
        let mut builder = ContextBuilder::with_capacity(4);
        builder.insert_lowercase("aws:username", "alice");
        builder.insert_lowercase(String::from("aws:principaltag/team"), "blue");
        builder.insert_lowercase("aws:epochtime", "1");
        builder.insert_lowercase("aws:username", "bob");
        let built = builder.build();
        let mut inserted = Context::new();
        inserted.insert("aws:UserName", "alice");
        inserted.insert("aws:PrincipalTag/Team", "blue");
        inserted.insert("aws:EpochTime", "1");
        inserted.insert("aws:username", "bob");
        assert_eq!(built, inserted);
        assert_eq!(built.get("aws:USERNAME"), Some(&ContextValue::from("bob")));
    }

    #[test]
    fn keys_are_case_insensitive() {
        let mut context = Context::new();
        context.insert("aws:UserName", "alice");
        context.insert("aws:TagKeys", vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(
            context.get("AWS:username").map(ContextValue::values),
            Some(&["alice".to_owned()][..])
        );
        assert_eq!(
            context
                .get_lowercase("aws:tagkeys")
                .map(|v| v.values().len()),
            Some(2)
        );
        context.insert("AWS:USERNAME", "bob");
        assert_eq!(context.iter().count(), 2);
        context.insert("aws:PrincipalTag/Ünïcode", "x");
        assert!(context.get_lowercase("aws:principaltag/ünïcode").is_some());
        assert_eq!(context.get_lowercase("aws:nope"), None);
        assert_eq!(
            context.get("aws:username"),
            Some(&ContextValue::from("bob"))
        );
    }
}
