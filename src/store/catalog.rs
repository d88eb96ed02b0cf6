//! AWS managed policies (`arn:aws:iam::aws:policy/...`): one immutable catalog shared by every
//! account, loaded on first use.

use super::entities::{Document, PolicyVersion};
use crate::protocol::xml::Timestamp;
use flate2::read::GzDecoder;
use iam_policy::parse::PolicyKind;
use iam_policy::{CompiledPolicy, PolicySource, SourceType};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::io::Read as _;
use std::sync::Arc;

/// The catalog's data, made by `cargo xtask data` (see `data/README.md`).
const DATA: &[u8] = include_bytes!("../../data/aws-managed-policies.json.gz");

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

impl AwsManagedPolicy {
    /// The default version, compiled the first time a request needs it; `None` (logged once) if
    /// its text does not compile, so the policy grants nothing.
    pub fn policy(&self) -> Option<&Arc<CompiledPolicy>> {
        let version = self.versions.iter().find(|v| v.is_default)?;
        version.document.compile_once(|text| {
            let source = PolicySource {
                id: self.arn.clone(),
                source_type: SourceType::AwsManaged,
            };
            CompiledPolicy::compile(text, PolicyKind::Identity, source)
                .map_err(|e| {
                    tracing::error!(
                        "AWS managed policy {} does not compile: {}",
                        self.arn,
                        e.message
                    );
                })
                .ok()
        })
    }
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

    /// The AWS managed policies shipped with localiam. On unreadable data, logs the error and
    /// returns an empty catalog: a server without AWS managed policies beats one that cannot start.
    pub fn load() -> Self {
        Self::from_gzip(DATA)
    }

    /// The catalog in gzip'd JSON `data`, or an empty one (logged) if `data` cannot be read.
    fn from_gzip(data: &[u8]) -> Self {
        match parse(data) {
            Ok(policies) => Catalog::new(policies),
            Err(e) => {
                tracing::error!("cannot read the AWS managed policy catalog, serving none: {e}");
                Catalog::default()
            }
        }
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

/// A policy as stored in the data file.
#[derive(Deserialize)]
struct PolicyRecord<'a> {
    name: String,
    path: String,
    arn: String,
    id: String,
    description: Option<String>,
    created: &'a str,
    updated: &'a str,
    #[serde(borrow)]
    versions: Vec<VersionRecord<'a>>,
}

/// A policy version as stored in the data file.
#[derive(Deserialize)]
struct VersionRecord<'a> {
    id: String,
    document: String,
    created: &'a str,
    is_default: bool,
}

type ParseError = Box<dyn std::error::Error + Send + Sync>;

fn parse(data: &[u8]) -> Result<Vec<AwsManagedPolicy>, ParseError> {
    let mut text = String::new();
    GzDecoder::new(data).read_to_string(&mut text)?;
    let records: Vec<PolicyRecord<'_>> = serde_json::from_str(&text)?;
    records.into_iter().map(PolicyRecord::into_policy).collect()
}

impl PolicyRecord<'_> {
    fn into_policy(self) -> Result<AwsManagedPolicy, ParseError> {
        let versions = self
            .versions
            .into_iter()
            .map(|v| {
                Ok(PolicyVersion {
                    id: v.id,
                    document: Document::deferred(v.document),
                    created: timestamp(v.created)?,
                    is_default: v.is_default,
                })
            })
            .collect::<Result<Vec<_>, ParseError>>()?;
        Ok(AwsManagedPolicy {
            name: self.name,
            path: self.path,
            arn: self.arn,
            id: self.id,
            description: self.description,
            created: timestamp(self.created)?,
            updated: timestamp(self.updated)?,
            versions,
        })
    }
}

fn timestamp(text: &str) -> Result<Timestamp, ParseError> {
    Ok(chrono::DateTime::parse_from_rfc3339(text)?.with_timezone(&chrono::Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;
    use std::time::Instant;

    /// Loaded once for every test here; the first test to touch it prints the load time.
    static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
        let start = Instant::now();
        let catalog = Catalog::load();
        println!(
            "catalog: {} policies loaded in {:?}",
            catalog.by_name().len(),
            start.elapsed()
        );
        catalog
    });

    fn default_version(p: &AwsManagedPolicy) -> &PolicyVersion {
        let defaults: Vec<_> = p.versions.iter().filter(|v| v.is_default).collect();
        assert_eq!(
            defaults.len(),
            1,
            "{} has {} default versions",
            p.name,
            defaults.len()
        );
        defaults[0]
    }

    #[test]
    fn has_more_than_a_thousand_policies() {
        assert!(CATALOG.by_name().len() > 1000);
    }

    #[test]
    fn administrator_access_allows_everything() {
        let p = CATALOG
            .get("arn:aws:iam::aws:policy/AdministratorAccess")
            .expect("AdministratorAccess");
        assert_eq!(p.name, "AdministratorAccess");
        assert_eq!(p.path, "/");
        let doc: serde_json::Value =
            serde_json::from_str(default_version(p).document.text()).expect("JSON document");
        let statements = doc["Statement"].as_array().expect("statements");
        assert!(
            statements
                .iter()
                .any(|s| s["Effect"] == "Allow" && s["Action"] == "*" && s["Resource"] == "*")
        );
    }

    #[test]
    fn policies_compile_once_on_first_use() {
        let p = CATALOG
            .get("arn:aws:iam::aws:policy/ReadOnlyAccess")
            .expect("ReadOnlyAccess");
        assert!(default_version(p).document.policy().is_none());
        let first = p.policy().expect("compiles");
        assert_eq!(first.source().id, p.arn);
        assert_eq!(first.source().source_type, SourceType::AwsManaged);
        assert!(Arc::ptr_eq(first, p.policy().expect("compiled")));
        assert!(default_version(p).document.policy().is_some());
    }

    #[test]
    fn service_role_policies_have_their_path() {
        let p = CATALOG
            .get("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
            .expect("AWSLambdaBasicExecutionRole");
        assert_eq!(p.path, "/service-role/");
        assert_eq!(p.name, "AWSLambdaBasicExecutionRole");
    }

    #[test]
    fn every_policy_is_well_formed() {
        for p in CATALOG.by_name().values() {
            let default = default_version(p);
            assert!(
                p.id.starts_with("ANPA") && p.id.len() == 21,
                "{}: {}",
                p.name,
                p.id
            );
            assert_eq!(
                p.arn,
                format!("arn:aws:iam::aws:policy{}{}", p.path, p.name)
            );
            assert!(p.created <= p.updated, "{}", p.name);
            assert_eq!(default.created, p.updated, "{}", p.name);
            assert!(
                serde_json::from_str::<serde_json::Value>(default.document.text()).is_ok(),
                "{}",
                p.name
            );
        }
    }

    #[test]
    fn unreadable_data_gives_an_empty_catalog() {
        assert!(Catalog::from_gzip(b"not gzip").by_name().is_empty());
    }
}
