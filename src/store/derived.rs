//! What requests derive from the state and keep until the state changes: an access key's caller
//! and secret, a caller's gathered policies. Every request of an IAM user or role session needs
//! them, and deriving them (locks, lookups, copies) is most of what authorizing such a caller
//! costs beyond root.
//!
//! The store counts its writes: every account write lock taken, and every reset, moves the
//! [`Generation`] on. A derived value is kept with the generation read *before* it was derived
//! and is used only while that is still the store's generation, so no write, however it races
//! with the derivation, leaves a stale value in use.

use super::AccountState;
use dashmap::DashMap;
use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The store's write counter.
#[derive(Debug, Default)]
pub struct Generation(AtomicU64);

impl Generation {
    /// The current generation.
    pub fn current(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }

    /// Moves on: everything derived so far is stale.
    pub fn bump(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// One account's state behind its lock. Taking the write lock moves the store's generation on.
#[derive(Debug)]
pub struct Account {
    state: RwLock<AccountState>,
    generation: Arc<Generation>,
}

impl Account {
    pub(super) fn new(state: AccountState, generation: Arc<Generation>) -> Self {
        Account {
            state: RwLock::new(state),
            generation,
        }
    }

    /// Shared access.
    pub fn read(&self) -> RwLockReadGuard<'_, AccountState> {
        self.state.read()
    }

    /// Exclusive access, for a change.
    pub fn write(&self) -> RwLockWriteGuard<'_, AccountState> {
        let guard = self.state.write();
        // Under the lock: a reader deriving from this account either ran before (and read the
        // older generation) or runs after the change is complete.
        self.generation.bump();
        guard
    }
}

/// Past this many entries a cache starts again empty: it holds one entry per credential in use,
/// and a workload with more is rare enough to pay the derivations again.
const CAPACITY: usize = 16_384;

/// Values derived from the state, by access key id, each valid for one generation.
#[derive(Debug)]
pub struct Derived<V> {
    entries: DashMap<Box<str>, (u64, Arc<V>)>,
}

impl<V> Default for Derived<V> {
    fn default() -> Self {
        Derived {
            entries: DashMap::new(),
        }
    }
}

impl<V> Derived<V> {
    /// The value derived for `key` in `generation`, if one was.
    pub fn get(&self, key: &str, generation: u64) -> Option<Arc<V>> {
        let entry = self.entries.get(key)?;
        (entry.0 == generation).then(|| Arc::clone(&entry.1))
    }

    /// Keeps `value`, derived for `key` from the state of `generation` (read before deriving).
    pub fn insert(&self, key: &str, generation: u64, value: Arc<V>) {
        if self.entries.len() >= CAPACITY {
            self.entries.clear();
        }
        self.entries.insert(Box::from(key), (generation, value));
    }

    /// The value for `key` in `generation`, derived by `derive` and kept if there was none.
    pub fn get_or_derive(&self, key: &str, generation: u64, derive: impl FnOnce() -> V) -> Arc<V> {
        self.get(key, generation).unwrap_or_else(|| {
            let value = Arc::new(derive());
            self.insert(key, generation, Arc::clone(&value));
            value
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Account, Derived, Generation};
    use crate::store::AccountState;
    use std::sync::Arc;

    #[test]
    fn a_write_makes_what_was_derived_before_it_stale() {
        let generation = Arc::new(Generation::default());
        let account = Account::new(AccountState::new(Arc::from("123456789012")), {
            Arc::clone(&generation)
        });
        let derived = Derived::default();
        let before = generation.current();
        derived.insert("AKIA1", before, Arc::new(1));
        drop(account.read());
        assert_eq!(
            derived.get("AKIA1", generation.current()).as_deref(),
            Some(&1)
        );
        account.write().aliases.push("x".into());
        assert_eq!(derived.get("AKIA1", generation.current()), None);
        let again = derived.get_or_derive("AKIA1", generation.current(), || 2);
        assert_eq!(*again, 2);
        assert_eq!(derived.get("AKIA2", generation.current()), None);
    }
}
