//! The records the store keeps, one per IAM entity kind. Handlers turn them into output shapes.

use crate::protocol::iam::Tag;
use crate::protocol::xml::Timestamp;
use iam_policy::CompiledPolicy;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// A policy document: the text as the client sent it (AWS returns it byte for byte) and the
/// policy compiled from it, shared by every request it authorizes.
#[derive(Debug, Clone)]
pub struct Document {
    text: Arc<str>,
    /// Set when the document is stored; AWS managed policies compile on first use instead
    /// (`None` inside when their text does not compile).
    compiled: OnceLock<Option<Arc<CompiledPolicy>>>,
}

impl Document {
    /// A document checked and compiled as it is stored.
    pub fn compiled(text: &str, policy: CompiledPolicy) -> Self {
        Document {
            text: Arc::from(text),
            compiled: OnceLock::from(Some(Arc::new(policy))),
        }
    }

    /// A document compiled on first use by [`Document::compile_once`]: the catalog's 1,500 AWS
    /// managed policies, few of which a run ever evaluates.
    pub fn deferred(text: String) -> Self {
        Document {
            text: Arc::from(text),
            compiled: OnceLock::new(),
        }
    }

    /// The text as sent.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The compiled policy of a stored document.
    pub fn policy(&self) -> Option<&Arc<CompiledPolicy>> {
        self.compiled.get().and_then(Option::as_ref)
    }

    /// The compiled policy, compiling the text with `compile` the first time it is needed.
    pub fn compile_once(
        &self,
        compile: impl FnOnce(&str) -> Option<CompiledPolicy>,
    ) -> Option<&Arc<CompiledPolicy>> {
        self.compiled
            .get_or_init(|| compile(&self.text).map(Arc::new))
            .as_ref()
    }
}

/// Inline policies of a user, group or role, by lowercased name.
pub type InlinePolicies = BTreeMap<String, InlinePolicy>;

/// An inline policy, with its name as created.
#[derive(Debug, Clone)]
pub struct InlinePolicy {
    /// Name as created.
    pub name: String,
    /// The document as sent.
    pub document: Document,
}

/// An IAM user.
#[derive(Debug, Clone)]
pub struct User {
    /// Name as created.
    pub name: String,
    /// Path, `/` by default.
    pub path: String,
    /// `AIDA…`.
    pub id: String,
    /// `arn:aws:iam::ACCOUNT:user/PATH/NAME`.
    pub arn: String,
    /// Creation time.
    pub created: Timestamp,
    /// Tags in the order set.
    pub tags: Vec<Tag>,
    /// Inline policies.
    pub inline_policies: InlinePolicies,
    /// ARNs of attached managed policies, in attachment order.
    pub attached_policies: Vec<String>,
    /// ARN of the permissions boundary.
    pub permissions_boundary: Option<String>,
    /// Lowercased names of the groups the user is in.
    pub groups: Vec<String>,
    /// The user's access keys (at most two).
    pub access_keys: Vec<AccessKey>,
    /// The console password.
    pub login_profile: Option<LoginProfile>,
    /// When the password was last used.
    pub password_last_used: Option<Timestamp>,
    /// SSH public keys (for CodeCommit), in upload order.
    pub ssh_public_keys: Vec<SshPublicKey>,
    /// X.509 signing certificates, in upload order.
    pub signing_certificates: Vec<SigningCertificate>,
}

/// An X.509 signing certificate of a user.
#[derive(Debug, Clone)]
pub struct SigningCertificate {
    /// The certificate id.
    pub id: String,
    /// The PEM body as uploaded.
    pub body: String,
    /// Its DER bytes: the same certificate uploaded twice is a duplicate.
    pub der: Vec<u8>,
    /// Active or not.
    pub active: bool,
    /// Upload time.
    pub uploaded: Timestamp,
}

/// An SSH public key of a user.
#[derive(Debug, Clone)]
pub struct SshPublicKey {
    /// `APKA…`.
    pub id: String,
    /// The body as uploaded.
    pub body: String,
    /// The key in OpenSSH form (`ssh-rsa BASE64`), for GetSSHPublicKey's `SSH` encoding.
    pub openssh: String,
    /// The key in PEM form, for the `PEM` encoding.
    pub pem: String,
    /// MD5 of the key's SSH wire form, colon-separated hex.
    pub fingerprint: String,
    /// Active or not.
    pub active: bool,
    /// Upload time.
    pub uploaded: Timestamp,
}

/// An access key of a user.
#[derive(Debug, Clone)]
pub struct AccessKey {
    /// `AKIA…`.
    pub id: String,
    /// The secret; returned only by CreateAccessKey.
    pub secret: Arc<str>,
    /// Active or not.
    pub active: bool,
    /// Creation time.
    pub created: Timestamp,
    /// Last use: when, which service, which region.
    pub last_used: Option<KeyLastUsed>,
}

/// What AccessKeyLastUsed reports.
#[derive(Debug, Clone)]
pub struct KeyLastUsed {
    /// When.
    pub date: Timestamp,
    /// Service name such as `iam`.
    pub service: String,
    /// Region such as `us-east-1`.
    pub region: String,
}

/// A console password.
#[derive(Debug, Clone)]
pub struct LoginProfile {
    /// The password (kept to check ChangePassword's old password).
    pub password: Arc<str>,
    /// Creation time.
    pub created: Timestamp,
    /// When the password was last set (creation, UpdateLoginProfile, ChangePassword).
    pub changed: Timestamp,
    /// Whether the user must change it at next sign-in.
    pub reset_required: bool,
}

/// An IAM group.
#[derive(Debug, Clone)]
pub struct Group {
    /// Name as created.
    pub name: String,
    /// Path.
    pub path: String,
    /// `AGPA…`.
    pub id: String,
    /// ARN.
    pub arn: String,
    /// Creation time.
    pub created: Timestamp,
    /// Lowercased names of members, sorted.
    pub members: std::collections::BTreeSet<String>,
    /// Inline policies.
    pub inline_policies: InlinePolicies,
    /// ARNs of attached managed policies.
    pub attached_policies: Vec<String>,
}

/// An IAM role.
#[derive(Debug, Clone)]
pub struct Role {
    /// Name as created.
    pub name: String,
    /// Path.
    pub path: String,
    /// `AROA…`.
    pub id: String,
    /// ARN.
    pub arn: String,
    /// Creation time.
    pub created: Timestamp,
    /// The trust policy.
    pub assume_role_policy: Document,
    /// Description.
    pub description: Option<String>,
    /// Maximum session duration in seconds, 3600..=43200.
    pub max_session_duration: i32,
    /// Permissions boundary ARN.
    pub permissions_boundary: Option<String>,
    /// Tags.
    pub tags: Vec<Tag>,
    /// Inline policies.
    pub inline_policies: InlinePolicies,
    /// Attached managed policy ARNs.
    pub attached_policies: Vec<String>,
    /// Last use by an assumed-role session.
    pub last_used: Option<(Timestamp, String)>,
    /// For service-linked roles, the service principal that owns it.
    pub service_linked: Option<String>,
}

/// A customer managed policy.
#[derive(Debug, Clone)]
pub struct ManagedPolicy {
    /// Name as created.
    pub name: String,
    /// Path.
    pub path: String,
    /// `ANPA…`.
    pub id: String,
    /// ARN.
    pub arn: String,
    /// Description (set only at creation).
    pub description: Option<String>,
    /// Creation time.
    pub created: Timestamp,
    /// Last time the default version changed.
    pub updated: Timestamp,
    /// Versions, oldest first.
    pub versions: Vec<PolicyVersion>,
    /// Number the next version gets (`v{n}`).
    pub next_version: u32,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// A version of a managed policy.
#[derive(Debug, Clone)]
pub struct PolicyVersion {
    /// `v1`, `v2`, ...
    pub id: String,
    /// The document.
    pub document: Document,
    /// Creation time.
    pub created: Timestamp,
    /// Whether it is the default version.
    pub is_default: bool,
}

/// How many entities use a managed policy in one account.
#[derive(Debug, Clone, Copy, Default)]
pub struct PolicyUsage {
    /// Attachments to users, groups and roles.
    pub attachments: i32,
    /// Uses as a permissions boundary.
    pub boundaries: i32,
}

/// An instance profile.
#[derive(Debug, Clone)]
pub struct InstanceProfile {
    /// Name as created.
    pub name: String,
    /// Path.
    pub path: String,
    /// `AIPA…`.
    pub id: String,
    /// ARN.
    pub arn: String,
    /// Creation time.
    pub created: Timestamp,
    /// Lowercased name of the role in it (AWS allows one).
    pub role: Option<String>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// The account password policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Minimum length, 6..=128 (AWS's default 8 when unset).
    pub minimum_password_length: i32,
    /// Needs a symbol.
    pub require_symbols: bool,
    /// Needs a digit.
    pub require_numbers: bool,
    /// Needs an upper-case letter.
    pub require_uppercase_characters: bool,
    /// Needs a lower-case letter.
    pub require_lowercase_characters: bool,
    /// Users may change their own password.
    pub allow_users_to_change_password: bool,
    /// Days until expiry.
    pub max_password_age: Option<i32>,
    /// Previous passwords that may not be reused.
    pub password_reuse_prevention: Option<i32>,
    /// Expired passwords need an administrator reset.
    pub hard_expiry: bool,
}
