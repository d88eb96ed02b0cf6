//! All state, in memory: accounts created on first use, each behind its own lock, and a global
//! index from access key id to its owner.

pub mod catalog;
pub mod derived;
pub mod entities;
pub mod ids;
pub mod mfa;
pub mod paging;
pub mod providers;
pub mod quotas;
pub mod sessions;
pub mod usage;

use dashmap::{DashMap, DashSet};
pub use derived::{Account, Derived, Generation};
use entities::{Group, InstanceProfile, ManagedPolicy, PasswordPolicy, PolicyUsage, Role, User};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

/// A 12-digit AWS account id.
pub type AccountId = Arc<str>;

/// Entities keyed by lowercased name: IAM names are unique case-insensitively and listed in name order.
pub type NameMap<T> = BTreeMap<String, T>;

/// Everything one account holds.
#[derive(Debug, Clone)]
pub struct AccountState {
    /// The account id.
    pub id: AccountId,
    /// Users.
    pub users: NameMap<User>,
    /// Groups.
    pub groups: NameMap<Group>,
    /// Roles.
    pub roles: NameMap<Role>,
    /// Customer managed policies (names are unique in the account whatever the path).
    pub policies: NameMap<ManagedPolicy>,
    /// Use counts of every managed policy used here, AWS managed ones included, by ARN.
    pub policy_usage: HashMap<String, PolicyUsage>,
    /// Instance profiles.
    pub instance_profiles: NameMap<InstanceProfile>,
    /// Account aliases (AWS allows one).
    pub aliases: Vec<String>,
    /// The password policy, if set.
    pub password_policy: Option<PasswordPolicy>,
    /// Ids of the service-linked role deletion tasks issued here (all have succeeded).
    pub deletion_tasks: BTreeSet<String>,
    /// Virtual MFA devices, by lowercased path and name.
    pub mfa_devices: NameMap<mfa::VirtualMfaDevice>,
    /// OpenID Connect providers.
    pub oidc_providers: providers::OidcProviders,
    /// SAML providers.
    pub saml_providers: NameMap<providers::SamlProvider>,
    /// Whether outbound identity federation (GetWebIdentityToken) is enabled.
    pub outbound_web_identity_federation: bool,
    /// The session token version STS's global endpoint issues (SetSecurityTokenServicePreferences).
    pub global_endpoint_token_version: crate::protocol::iam::GlobalEndpointTokenVersion,
}

impl AccountState {
    /// An empty account.
    pub fn new(id: AccountId) -> Self {
        AccountState {
            id,
            users: NameMap::new(),
            groups: NameMap::new(),
            roles: NameMap::new(),
            policies: NameMap::new(),
            policy_usage: HashMap::new(),
            instance_profiles: NameMap::new(),
            aliases: Vec::new(),
            password_policy: None,
            deletion_tasks: BTreeSet::new(),
            mfa_devices: NameMap::new(),
            oidc_providers: providers::OidcProviders::new(),
            saml_providers: NameMap::new(),
            outbound_web_identity_federation: false,
            global_endpoint_token_version:
                crate::protocol::iam::GlobalEndpointTokenVersion::V1Token,
        }
    }

    /// `arn:aws:iam::ACCOUNT:{kind}{path}{name}`, such as `user/division/alice`.
    pub fn arn(&self, kind: &str, path: &str, name: &str) -> String {
        format!("arn:aws:iam::{}:{kind}{path}{name}", self.id)
    }
}

/// Who owns an access key.
#[derive(Debug, Clone)]
pub struct KeyOwner {
    /// The account of the user.
    pub account: AccountId,
    /// The lowercased user name.
    pub user: String,
}

/// The whole emulator state.
#[derive(Debug)]
pub struct Store {
    accounts: DashMap<AccountId, Arc<Account>>,
    /// Moved on by every account write and every reset: what is derived from the state is
    /// valid for one generation.
    generation: Arc<Generation>,
    /// Long-term access key id to its owner, across accounts.
    pub access_keys: DashMap<String, KeyOwner>,
    /// Access key ids deleted with DeleteAccessKey: a request signed with one is refused with
    /// InvalidClientTokenId instead of passing as an unknown (dummy) key.
    pub deleted_access_keys: DashSet<String>,
    /// Account alias to the account holding it: AWS makes aliases unique across accounts.
    pub account_aliases: DashMap<String, AccountId>,
    /// Whether per-account entity counts (5,000 users, 1,000 roles, ...) are enforced.
    pub entity_quotas: bool,
    /// Who called what and when, and the reports made from it.
    pub usage: usage::Usage,
    /// Live STS sessions by access key id.
    pub sessions: sessions::Sessions,
}

impl Store {
    /// An empty store.
    pub fn new(entity_quotas: bool) -> Self {
        Store {
            accounts: DashMap::new(),
            generation: Arc::default(),
            access_keys: DashMap::new(),
            deleted_access_keys: DashSet::new(),
            account_aliases: DashMap::new(),
            entity_quotas,
            usage: usage::Usage::default(),
            sessions: sessions::Sessions::default(),
        }
    }

    /// The account's state, created on first use.
    pub fn account(&self, id: &str) -> Arc<Account> {
        if let Some(acct) = self.accounts.get(id) {
            return Arc::clone(acct.value());
        }
        let id: AccountId = Arc::from(id);
        Arc::clone(
            self.accounts
                .entry(Arc::clone(&id))
                .or_insert_with(|| {
                    let generation = Arc::clone(&self.generation);
                    Arc::new(Account::new(AccountState::new(id), generation))
                })
                .value(),
        )
    }

    /// The current generation of the state: read it before deriving anything from the state.
    pub fn generation(&self) -> u64 {
        self.generation.current()
    }

    /// How many accounts are held.
    pub fn account_count(&self) -> usize {
        self.accounts.len()
    }

    /// The AWS managed policies, loaded on first use so that startup stays fast.
    pub fn catalog(&self) -> &'static catalog::Catalog {
        // Immutable and identical for every store, so one per process: loading it costs ~140 ms.
        static CATALOG: OnceLock<catalog::Catalog> = OnceLock::new();
        CATALOG.get_or_init(catalog::Catalog::load)
    }

    /// Wipes every account.
    pub fn reset(&self) {
        self.accounts.clear();
        self.access_keys.clear();
        self.deleted_access_keys.clear();
        self.account_aliases.clear();
        self.usage.clear();
        self.sessions.clear();
        // After the accounts are gone: a request that found an account before the reset read
        // the generation before this.
        self.generation.bump();
    }
}
