//! AWS managed policies (`arn:aws:iam::aws:policy/...`): one immutable catalog shared by every
//! account, loaded on first use.

use super::entities::PolicyVersion;
use crate::protocol::xml::Timestamp;
use std::collections::{BTreeMap, HashMap};

/// One AWS managed policy.
#[derive(Debug, Clone)]
pub struct AwsManagedPolicy {
    /// Name, such as `AdministratorAccess`.
    pub name: String,
    /// Path, such as `/` or `/service-role/`.
    pub path: String,
    /// `arn:aws:iam::aws:policy{path}{name}`.
    pub arn: String,
    /// `ANPA…`.
    pub id: String,
    /// Description.
    pub description: Option<String>,
    /// Creation time.
    pub created: Timestamp,
    /// Last update.
    pub updated: Timestamp,
    /// Versions, oldest first; exactly one is the default.
    pub versions: Vec<PolicyVersion>,
}

/// The catalog: by lowercased name (for listing in name order) and by ARN.
#[derive(Debug, Default)]
pub struct Catalog {
    by_name: BTreeMap<String, AwsManagedPolicy>,
    by_arn: HashMap<String, String>,
}

impl Catalog {
    /// A catalog of the given policies.
    pub fn new(policies: impl IntoIterator<Item = AwsManagedPolicy>) -> Self {
        let mut catalog = Catalog::default();
        for p in policies {
            let k = p.name.to_ascii_lowercase();
            catalog.by_arn.insert(p.arn.clone(), k.clone());
            catalog.by_name.insert(k, p);
        }
        catalog
    }

    /// The policy with this ARN.
    pub fn get(&self, arn: &str) -> Option<&AwsManagedPolicy> {
        self.by_arn.get(arn).and_then(|k| self.by_name.get(k))
    }

    /// Every policy, keyed by lowercased name, in name order.
    pub fn by_name(&self) -> &BTreeMap<String, AwsManagedPolicy> {
        &self.by_name
    }
}
