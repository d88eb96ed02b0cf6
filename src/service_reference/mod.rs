//! AWS's Service Authorization Reference: every service prefix with its actions, resource types
//! (and their ARN formats) and condition keys, plus the global condition keys. One immutable
//! copy per process, loaded on first use.
//!
//! The data is made by `cargo xtask data` (see `data/README.md`); the global keys come from
//! AWS's documentation (`global_keys.rs`). Service prefixes, action names and condition key
//! names all compare case-insensitively, as IAM compares them.

mod global_keys;
mod keys;
#[cfg(test)]
mod tests;

pub use global_keys::GLOBAL_CONDITION_KEYS;
pub use keys::KeyPattern;

use flate2::read::GzDecoder;
use iam_policy::matching::ActionMatcher;
use keys::KeyIndex;
use serde::Deserialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::io::Read as _;
use std::sync::OnceLock;

/// The reference's data, made by `cargo xtask data` (see `data/README.md`).
const DATA: &[u8] = include_bytes!("../../data/service-reference.json.gz");

/// One service: its prefix (`iam`) and what it defines.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    /// The service prefix, lower case, as in `iam:CreateUser`.
    #[serde(skip)]
    pub prefix: String,
    /// Its actions, sorted by name case-insensitively.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Its resource types, sorted by name.
    #[serde(default)]
    pub resource_types: Vec<ResourceType>,
    /// Its condition keys, sorted by name.
    #[serde(default)]
    pub condition_keys: Vec<ConditionKey>,
}

/// One action, such as `PassRole`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    /// The name as AWS spells it (`PassRole`).
    pub name: String,
    /// AWS's access level (`Read`, `Write`, `List`, `Permissions management`, `Tagging`; the
    /// source joins several with `, `).
    pub access_level: String,
    /// The resource types the action can name in `Resource`.
    #[serde(default)]
    pub resource_types: Vec<ActionResourceType>,
    /// The condition keys the action supports beyond its resource types' keys.
    #[serde(default)]
    pub condition_keys: Vec<String>,
}

/// A resource type as one action uses it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionResourceType {
    /// The resource type's name (a key of the service's resource types).
    pub name: String,
    /// Whether the action always needs a resource of this type.
    pub required: bool,
    /// Condition keys that apply when the action uses this resource type.
    #[serde(default)]
    pub condition_keys: Vec<String>,
}

/// A resource type, such as `role`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceType {
    /// Its name (`role`).
    pub name: String,
    /// Its ARN format: `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`.
    pub arn: String,
    /// Condition keys that apply to resources of this type.
    #[serde(default)]
    pub condition_keys: Vec<String>,
}

/// A condition key and its data type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ConditionKey {
    /// The name, perhaps with a placeholder (`aws:RequestTag/${TagKey}`).
    pub name: String,
    /// The type: `String`, `ARN`, `Bool`, `Date`, `IPAddress`, `Numeric`, or `ArrayOf...`.
    #[serde(rename = "type")]
    pub value_type: String,
}

impl Service {
    /// The action named `name` (case-insensitive).
    pub fn action(&self, name: &str) -> Option<&Action> {
        let found = self
            .actions
            .binary_search_by(|a| cmp_ignore_case(&a.name, name))
            .ok()?;
        self.actions.get(found)
    }

    /// The resource type named `name`.
    pub fn resource_type(&self, name: &str) -> Option<&ResourceType> {
        self.resource_types.iter().find(|r| r.name == name)
    }
}

/// The whole reference.
#[derive(Debug, Default)]
pub struct ServiceReference {
    version: String,
    services: Vec<Service>,
    keys: KeyIndex,
}

/// The file's top level.
#[derive(Deserialize)]
struct Document {
    version: String,
    services: BTreeMap<String, Service>,
}

impl ServiceReference {
    /// The process-wide reference, loaded on first use. On unreadable data the error is logged
    /// and the reference is empty (only the global keys are known).
    pub fn get() -> &'static ServiceReference {
        static REFERENCE: OnceLock<ServiceReference> = OnceLock::new();
        REFERENCE.get_or_init(|| {
            Self::from_gzip(DATA).unwrap_or_else(|e| {
                tracing::error!("cannot read the service authorization reference: {e}");
                Self::new(String::new(), Vec::new())
            })
        })
    }

    fn from_gzip(data: &[u8]) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let mut text = String::new();
        GzDecoder::new(data).read_to_string(&mut text)?;
        let document: Document = serde_json::from_str(&text)?;
        let services = document
            .services
            .into_iter()
            .map(|(prefix, service)| Service {
                prefix: prefix.to_ascii_lowercase(),
                ..service
            })
            .collect();
        Ok(Self::new(document.version, services))
    }

    fn new(version: String, mut services: Vec<Service>) -> Self {
        services.sort_by(|a, b| a.prefix.cmp(&b.prefix));
        let mut keys = KeyIndex::default();
        for (name, value_type) in GLOBAL_CONDITION_KEYS {
            keys.insert(&ConditionKey {
                name: (*name).to_owned(),
                value_type: (*value_type).to_owned(),
            });
        }
        for service in &mut services {
            service
                .actions
                .sort_by(|a, b| cmp_ignore_case(&a.name, &b.name));
            for key in &service.condition_keys {
                keys.insert(key);
            }
        }
        Self {
            version,
            services,
            keys,
        }
    }

    /// The source package's version, such as `0.21.202609261`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Every service, sorted by prefix.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// The service with this prefix (case-insensitive).
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        let found = self
            .services
            .binary_search_by(|s| cmp_ignore_case(&s.prefix, prefix))
            .ok()?;
        self.services.get(found)
    }

    /// The entry of one of localiam's operations, found once per process: authorization asks
    /// for it on every request, where two case-insensitive binary searches cost more than this.
    pub fn operation(action: crate::protocol::Action) -> Option<&'static Action> {
        static TABLE: OnceLock<Vec<Option<&'static Action>>> = OnceLock::new();
        let table = TABLE.get_or_init(|| {
            let reference = Self::get();
            let all = crate::protocol::Action::ALL;
            let mut table = vec![None; all.len()];
            for &operation in all {
                if let Some(slot) = table.get_mut(operation as usize) {
                    *slot = reference.action(operation.iam_action()).map(|(_, a)| a);
                }
            }
            table
        });
        table.get(action as usize).copied().flatten()
    }

    /// The service and action that `service:Action` names (case-insensitive, no wildcards).
    pub fn action(&self, action: &str) -> Option<(&Service, &Action)> {
        let (prefix, name) = action.split_once(':')?;
        let service = self.service(prefix)?;
        Some((service, service.action(name)?))
    }

    /// Whether `service:Action` names a known action.
    pub fn is_known_action(&self, action: &str) -> bool {
        self.action(action).is_some()
    }

    /// The actions an Action element entry (`iam:Get*`, `*`, `s3:*Object`) matches, in service
    /// then name order, as IAM matches them (see [`ActionMatcher`]).
    pub fn matching_actions(&self, pattern: &str) -> Vec<(&Service, &Action)> {
        let matcher = ActionMatcher::new(pattern);
        // A literal service prefix narrows the search to one service.
        let services: &[Service] = match pattern.split_once(':') {
            Some((prefix, _)) if !prefix.contains(['*', '?']) => {
                self.service(prefix).map_or(&[], std::slice::from_ref)
            }
            _ => &self.services,
        };
        let mut full = String::new();
        let mut found = Vec::new();
        for service in services {
            for action in &service.actions {
                full.clear();
                full.push_str(&service.prefix);
                full.push(':');
                full.push_str(&action.name);
                if matcher.matches(&full) {
                    found.push((service, action));
                }
            }
        }
        found
    }

    /// The condition key `name` is or instantiates (`aws:RequestTag/team` gives
    /// `aws:RequestTag/${TagKey}`): a global key or a key of any service.
    pub fn condition_key(&self, name: &str) -> Option<&ConditionKey> {
        self.keys.get(name)
    }

    /// Whether `name` is a known condition key.
    pub fn is_known_condition_key(&self, name: &str) -> bool {
        self.condition_key(name).is_some()
    }

    /// How many distinct condition key names are known, global ones included.
    pub fn condition_key_count(&self) -> usize {
        self.keys.count()
    }

    /// The resource types `service:Action` can name, each with its definition (ARN format and
    /// keys), in the reference's order; `None` for an unknown action.
    pub fn action_resource_types(
        &self,
        action: &str,
    ) -> Option<Vec<(&ActionResourceType, &ResourceType)>> {
        let (service, action) = self.action(action)?;
        Some(
            action
                .resource_types
                .iter()
                .filter_map(|used| Some((used, service.resource_type(&used.name)?)))
                .collect(),
        )
    }
}

/// Compares ASCII-case-insensitively without allocating.
fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}
