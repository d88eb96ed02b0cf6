//! `--init FILE`: a declared starting state (accounts, users, groups, roles, policies, access
//! keys), built through the same handlers and validation as the API, installed only when all of
//! it succeeded, and restored by every reset.

mod build;
mod fields;
pub mod tree;

use crate::config::Config;
use crate::protocol::xml::Timestamp;
use crate::server::AppState;
use crate::store::{AccountId, AccountState, KeyOwner, Store};
use std::fmt;
use std::path::Path;
use tree::Pos;

/// Why an init file was refused: the file, where in it, the item's path and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitError {
    /// The file as named on the command line.
    pub file: String,
    /// Where the offending item is, when known.
    pub at: Option<Pos>,
    /// The item's path in the file, such as `accounts[0].roles[1].name`; empty for the whole file.
    pub path: String,
    /// What is wrong: AWS's code and message where IAM refused it.
    pub message: String,
}

impl InitError {
    /// An error in the file's text, before any item has a path.
    pub fn syntax(file: &str, at: Option<Pos>, message: &str) -> Self {
        InitError {
            file: file.to_owned(),
            at,
            path: String::new(),
            message: message.to_owned(),
        }
    }
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "init file {}", self.file)?;
        if let Some(at) = self.at {
            write!(f, ", line {}, column {}", at.line, at.column)?;
        }
        if !self.path.is_empty() {
            write!(f, " ({})", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for InitError {}

/// The state an init file declares, built and checked, ready to be installed into a store (at
/// startup and again at every reset).
#[derive(Debug)]
pub struct Seed {
    file: String,
    accounts: Vec<AccountState>,
    access_keys: Vec<(String, KeyOwner)>,
    aliases: Vec<(String, AccountId)>,
}

impl Seed {
    /// Puts the declared state into `store`, replacing what its accounts held.
    pub fn install(&self, store: &Store) {
        for account in &self.accounts {
            *store.account(&account.id).write() = account.clone();
        }
        for (id, owner) in &self.access_keys {
            store.access_keys.insert(id.clone(), owner.clone());
        }
        for (alias, account) in &self.aliases {
            store.account_aliases.insert(alias.clone(), account.clone());
        }
    }

    /// `init=FILE (1 account, 2 users, ...)` for the startup line.
    pub fn summary(&self) -> String {
        let count = |f: fn(&AccountState) -> usize| self.accounts.iter().map(f).sum::<usize>();
        let counts = [
            (self.accounts.len(), "account"),
            (count(|a| a.users.len()), "user"),
            (count(|a| a.groups.len()), "group"),
            (count(|a| a.roles.len()), "role"),
            (count(|a| a.policies.len()), "policy"),
            (self.access_keys.len(), "access key"),
        ];
        let parts: Vec<String> = counts
            .iter()
            .map(|(n, what)| match (n, *what) {
                (1, w) => format!("1 {w}"),
                (n, "policy") => format!("{n} policies"),
                (n, w) => format!("{n} {w}s"),
            })
            .collect();
        format!("init={} ({})", self.file, parts.join(", "))
    }
}

/// Which reader a file needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

impl Format {
    /// By extension (`.json`, `.yaml`, `.yml`), else by content: a file starting with `{` is JSON.
    pub fn of(path: &Path, text: &str) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            Some(e) if e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml") => {
                Format::Yaml
            }
            _ if text.trim_start().starts_with('{') => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// Reads and builds the init file at `path` for a server configured by `config`, at time `now`.
pub fn load(path: &Path, config: &Config, now: Timestamp) -> Result<Seed, InitError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| InitError::syntax(&file, None, &format!("cannot read it: {e}")))?;
    load_str(&file, Format::of(path, &text), &text, config, now)
}

/// Builds the state of an init file's text; `file` names it in errors.
pub fn load_str(
    file: &str,
    format: Format,
    text: &str,
    config: &Config,
    now: Timestamp,
) -> Result<Seed, InitError> {
    let root = match format {
        Format::Json => tree::from_json(file, text)?,
        Format::Yaml => tree::from_yaml(file, text)?,
    };
    let built = build::build(file, &root, config, now)?;
    Ok(Seed {
        file: file.to_owned(),
        accounts: built.accounts,
        access_keys: built.access_keys,
        aliases: built.aliases,
    })
}

/// Loads `state.config.init`, if set, into `state`: its store gets the declared state and resets
/// return to it. On error the store is left as it was.
pub fn apply(state: &mut AppState) -> Result<(), InitError> {
    let Some(path) = state.config.init.clone() else {
        return Ok(());
    };
    let seed = load(&path, &state.config, state.clock.now())?;
    seed.install(&state.store);
    state.init = Some(seed);
    Ok(())
}
