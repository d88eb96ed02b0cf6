//! Builds the declared state in a fresh store, item by item, through the API's own decoding and
//! handlers (as the account's root), so every item meets the same validation as a request would.

use super::InitError;
use super::fields::{Loc, Object, Text, object, text};
use super::tree::{Node, Value};
use crate::actions::iam::common::{key, quota};
use crate::actions::iam::users::find_mut;
use crate::actions::{self, Ctx};
use crate::authz::Facts;
use crate::config::Config;
use crate::error::ApiError;
use crate::protocol::decode;
use crate::protocol::xml::Timestamp;
use crate::protocol::{Action, Request};
use crate::store::entities::AccessKey;
use crate::store::{AccountId, AccountState, KeyOwner, Store, quotas};
use std::collections::HashMap;
use std::sync::Arc;

const ROOT: &[&str] = &["accounts"];
const ACCOUNT: &[&str] = &["id", "alias", "policies", "groups", "users", "roles"];
const POLICY: &[&str] = &["name", "path", "description", "document", "tags"];
const GROUP: &[&str] = &["name", "path", "policies", "inline_policies"];
const USER: &[&str] = &[
    "name",
    "path",
    "tags",
    "permissions_boundary",
    "groups",
    "policies",
    "inline_policies",
    "access_keys",
    "ssh_public_keys",
    "signing_certificates",
];
const ROLE: &[&str] = &[
    "name",
    "path",
    "description",
    "assume_role_policy",
    "max_session_duration",
    "permissions_boundary",
    "tags",
    "policies",
    "inline_policies",
];
const ACCESS_KEY: &[&str] = &["id", "secret", "status"];
const TAG: &[&str] = &["key", "value"];

/// What a built init file holds, ready to be copied into a live store.
pub struct Built {
    /// Every declared account's state.
    pub accounts: Vec<AccountState>,
    /// The access key index entries of the declared keys.
    pub access_keys: Vec<(String, KeyOwner)>,
    /// The declared account aliases.
    pub aliases: Vec<(String, AccountId)>,
}

/// One request parameter, with the item it comes from.
type Param = (String, String, Loc);

struct Builder<'f> {
    file: &'f str,
    store: Store,
    now: Timestamp,
    region: &'f str,
    issuers: crate::oidc::Issuers,
    /// Access key ids declared so far and where.
    keys: HashMap<String, Loc>,
}

/// Builds the state `root` declares.
pub fn build(file: &str, root: &Node, config: &Config, now: Timestamp) -> Result<Built, InitError> {
    let mut builder = Builder {
        file,
        store: Store::new(!config.no_entity_quotas),
        now,
        region: &config.region,
        issuers: crate::oidc::Issuers::default(),
        keys: HashMap::new(),
    };
    let top = object(file, root, String::new(), ROOT)?;
    let mut ids: Vec<(String, Loc)> = Vec::new();
    for (node, loc) in top.list("accounts")? {
        let account = object(file, node, loc.path, ACCOUNT)?;
        let (id, id_loc) = match account.string("id")? {
            Some(t) if t.value.len() == 12 && t.value.bytes().all(|b| b.is_ascii_digit()) => {
                (t.value, t.loc)
            }
            Some(t) => {
                return Err(t
                    .loc
                    .error(file, format!("account id {} is not 12 digits", t.value)));
            }
            None => (config.account_id.clone(), account.loc.clone()),
        };
        if let Some((_, first)) = ids.iter().find(|(seen, _)| *seen == id) {
            return Err(id_loc.error(
                file,
                format!(
                    "account {id} is declared twice (first at line {}, {})",
                    first.at.line, first.path
                ),
            ));
        }
        builder.account(&id, &account)?;
        ids.push((id, id_loc));
    }
    let store = builder.store;
    Ok(Built {
        accounts: ids
            .iter()
            .map(|(id, _)| clone_account(&store, id))
            .collect(),
        access_keys: store
            .access_keys
            .iter()
            .map(|e| (e.key().clone(), e.value().clone()))
            .collect(),
        aliases: store
            .account_aliases
            .iter()
            .map(|e| (e.key().clone(), Arc::clone(e.value())))
            .collect(),
    })
}

fn clone_account(store: &Store, id: &str) -> AccountState {
    store.account(id).read().clone()
}

impl Builder<'_> {
    /// One account: alias, then policies, groups, users and roles, so that every reference
    /// points at something already made.
    fn account(&mut self, id: &str, account: &Object<'_>) -> Result<(), InitError> {
        if let Some(alias) = account.string("alias")? {
            let loc = alias.loc.clone();
            self.call(
                id,
                "CreateAccountAlias",
                &loc,
                vec![param("AccountAlias", alias)],
            )?;
        }
        for (node, loc) in account.list("policies")? {
            let policy = object(self.file, node, loc.path, POLICY)?;
            let name = policy.required("name")?;
            let mut params = vec![param("PolicyName", name.clone())];
            params.extend(optional("Path", policy.string("path")?));
            params.extend(optional("Description", policy.string("description")?));
            params.push(self.document("PolicyDocument", &policy, "document")?);
            params.extend(self.tags(&policy)?);
            self.call(id, "CreatePolicy", &name.loc, params)?;
        }
        for (node, loc) in account.list("groups")? {
            let group = object(self.file, node, loc.path, GROUP)?;
            let name = group.required("name")?;
            let mut params = vec![param("GroupName", name.clone())];
            params.extend(optional("Path", group.string("path")?));
            self.call(id, "CreateGroup", &name.loc, params)?;
            self.policies(id, &group, ("Group", &name))?;
        }
        for (node, loc) in account.list("users")? {
            self.user(id, node, loc)?;
        }
        for (node, loc) in account.list("roles")? {
            let role = object(self.file, node, loc.path, ROLE)?;
            let name = role.required("name")?;
            let mut params = vec![param("RoleName", name.clone())];
            params.extend(optional("Path", role.string("path")?));
            params.extend(optional("Description", role.string("description")?));
            params.push(self.document("AssumeRolePolicyDocument", &role, "assume_role_policy")?);
            params.extend(optional(
                "MaxSessionDuration",
                role.string("max_session_duration")?,
            ));
            params.extend(self.boundary(id, &role)?);
            params.extend(self.tags(&role)?);
            self.call(id, "CreateRole", &name.loc, params)?;
            self.policies(id, &role, ("Role", &name))?;
        }
        Ok(())
    }

    fn user(&mut self, id: &str, node: &Node, loc: Loc) -> Result<(), InitError> {
        let user = object(self.file, node, loc.path, USER)?;
        let name = user.required("name")?;
        let mut params = vec![param("UserName", name.clone())];
        params.extend(optional("Path", user.string("path")?));
        params.extend(self.boundary(id, &user)?);
        params.extend(self.tags(&user)?);
        self.call(id, "CreateUser", &name.loc, params)?;
        for (node, loc) in user.list("groups")? {
            let group = text(self.file, node, loc)?;
            let loc = group.loc.clone();
            let params = vec![param("GroupName", group), param("UserName", name.clone())];
            self.call(id, "AddUserToGroup", &loc, params)?;
        }
        self.policies(id, &user, ("User", &name))?;
        for (node, loc) in user.list("access_keys")? {
            self.access_key(id, &name, node, loc)?;
        }
        let uploads = [
            ("ssh_public_keys", "UploadSSHPublicKey", "SSHPublicKeyBody"),
            (
                "signing_certificates",
                "UploadSigningCertificate",
                "CertificateBody",
            ),
        ];
        for (field, operation, body) in uploads {
            for (node, loc) in user.list(field)? {
                let text = text(self.file, node, loc)?;
                let loc = text.loc.clone();
                let params = vec![param("UserName", name.clone()), param(body, text)];
                self.call(id, operation, &loc, params)?;
            }
        }
        Ok(())
    }

    /// Inline policies (`Put{kind}Policy`) and attached managed policies (`Attach{kind}Policy`)
    /// of the user, group or role named `owner`.
    fn policies(
        &self,
        id: &str,
        holder: &Object<'_>,
        (kind, owner): (&str, &Text),
    ) -> Result<(), InitError> {
        let owner_param = || param(&format!("{kind}Name"), owner.clone());
        for (name, node, loc) in holder.entries("inline_policies")? {
            let name = Text {
                value: name.to_owned(),
                loc,
            };
            let document = self.document_of(node, &name.loc)?;
            let params = vec![
                owner_param(),
                param("PolicyName", name.clone()),
                ("PolicyDocument".to_owned(), document, name.loc.clone()),
            ];
            self.call(id, &format!("Put{kind}Policy"), &name.loc, params)?;
        }
        for (node, loc) in holder.list("policies")? {
            let policy = text(self.file, node, loc)?;
            let arn = self.policy_arn(id, policy);
            let loc = arn.loc.clone();
            let params = vec![owner_param(), param("PolicyArn", arn)];
            self.call(id, &format!("Attach{kind}Policy"), &loc, params)?;
        }
        Ok(())
    }

    /// A key with the id and secret the file gives: CreateAccessKey mints both, so the key goes
    /// in directly, with the user lookup and quota CreateAccessKey checks; the status goes
    /// through UpdateAccessKey.
    fn access_key(
        &mut self,
        id: &str,
        user: &Text,
        node: &Node,
        loc: Loc,
    ) -> Result<(), InitError> {
        let access_key = object(self.file, node, loc.path, ACCESS_KEY)?;
        let key_id = access_key.required("id")?;
        let secret = access_key.required("secret")?;
        if !is_access_key_id(&key_id.value) {
            return Err(key_id.loc.error(
                self.file,
                format!(
                    "access key id {} is not of the form AKIA followed by 16 upper-case letters and digits",
                    key_id.value
                ),
            ));
        }
        if let Some(first) = self.keys.get(&key_id.value) {
            return Err(key_id.loc.error(
                self.file,
                format!(
                    "access key id {} is already used (line {}, {})",
                    key_id.value, first.at.line, first.path
                ),
            ));
        }
        if secret.value.is_empty() || secret.value.chars().any(char::is_whitespace) {
            return Err(secret.loc.error(
                self.file,
                "a secret access key is not empty and has no spaces",
            ));
        }
        import_access_key(
            &self.store,
            id,
            &user.value,
            &key_id.value,
            &secret.value,
            self.now,
        )
        .map_err(|e| access_key.loc.error(self.file, e.to_string()))?;
        self.keys.insert(key_id.value.clone(), key_id.loc.clone());
        if let Some(status) = access_key.string("status")? {
            let loc = status.loc.clone();
            let params = vec![
                param("UserName", user.clone()),
                param("AccessKeyId", key_id),
                param("Status", status),
            ];
            self.call(id, "UpdateAccessKey", &loc, params)?;
        }
        Ok(())
    }

    /// The `PermissionsBoundary` parameter, if the item has one.
    fn boundary(&self, id: &str, holder: &Object<'_>) -> Result<Option<Param>, InitError> {
        Ok(holder
            .string("permissions_boundary")?
            .map(|b| param("PermissionsBoundary", self.policy_arn(id, b))))
    }

    /// A policy named by ARN, or by name: the account's customer managed policy of that name,
    /// else the AWS managed one. An unknown name becomes the ARN it would have in this account,
    /// so that IAM's own NoSuchEntity names it.
    fn policy_arn(&self, id: &str, policy: Text) -> Text {
        if policy.value.starts_with("arn:") {
            return policy;
        }
        let k = key(&policy.value);
        let own = self
            .store
            .account(id)
            .read()
            .policies
            .get(&k)
            .map(|p| p.arn.clone());
        let arn = own
            .or_else(|| {
                self.store
                    .catalog()
                    .by_name()
                    .get(&k)
                    .map(|p| p.arn.clone())
            })
            .unwrap_or_else(|| format!("arn:aws:iam::{id}:policy/{}", policy.value));
        Text {
            value: arn,
            loc: policy.loc,
        }
    }

    /// The `Tags` parameters: `tags` as a mapping of key to value, or a list of `{key, value}`.
    fn tags(&self, holder: &Object<'_>) -> Result<Vec<Param>, InitError> {
        let mut pairs: Vec<(Text, Text)> = Vec::new();
        match holder.field("tags").map(|(n, _)| &n.value) {
            Some(Value::List(_)) => {
                for (node, loc) in holder.list("tags")? {
                    let tag = object(self.file, node, loc.path, TAG)?;
                    let value = tag.string("value")?.unwrap_or_else(|| Text {
                        value: String::new(),
                        loc: tag.loc.clone(),
                    });
                    pairs.push((tag.required("key")?, value));
                }
            }
            _ => {
                for (name, node, loc) in holder.entries("tags")? {
                    let value = match &node.value {
                        Value::Null => String::new(),
                        _ => text(self.file, node, loc.clone())?.value,
                    };
                    let value = Text {
                        value,
                        loc: loc.clone(),
                    };
                    let key = Text {
                        value: name.to_owned(),
                        loc,
                    };
                    pairs.push((key, value));
                }
            }
        }
        Ok(pairs
            .into_iter()
            .enumerate()
            .flat_map(|(i, (k, v))| {
                let n = i + 1;
                [
                    param(&format!("Tags.member.{n}.Key"), k),
                    param(&format!("Tags.member.{n}.Value"), v),
                ]
            })
            .collect())
    }

    /// The policy document `field` of `holder` as the parameter `name`.
    fn document(&self, name: &str, holder: &Object<'_>, field: &str) -> Result<Param, InitError> {
        let Some((node, loc)) = holder.field(field) else {
            return Err(holder
                .loc
                .error(self.file, format!("missing required field `{field}`")));
        };
        Ok((name.to_owned(), self.document_of(node, &loc)?, loc))
    }

    /// A policy document given as JSON text or as a mapping.
    fn document_of(&self, node: &Node, loc: &Loc) -> Result<String, InitError> {
        match &node.value {
            Value::Scalar { text, .. } => Ok(text.clone()),
            Value::Map(_) => Ok(node.to_json()),
            _ => Err(loc.error(
                self.file,
                format!(
                    "expected a policy document (JSON text or a mapping), found {}",
                    node.kind()
                ),
            )),
        }
    }

    /// Calls `action` as the root of account `id`, through decoding and the handler as a request
    /// would; an error points at the parameter it names, else at `at`.
    fn call(&self, id: &str, action: &str, at: &Loc, params: Vec<Param>) -> Result<(), InitError> {
        let fail = |e: ApiError| locate(&e, at, &params).error(self.file, e.to_string());
        let action = Action::from_name(action)
            .ok_or_else(|| at.error(self.file, format!("unknown action {action}")))?;
        let tree = decode::Node::from_params(
            params
                .iter()
                .map(|(name, value, _)| (name.as_str(), value.as_str())),
        )
        .map_err(fail)?;
        let request = Request::decode(action, &tree).map_err(fail)?;
        let caller = crate::auth::operator(id);
        let cx = Ctx {
            store: &self.store,
            caller: &caller,
            now: self.now,
            region: self.region,
            facts: Facts {
                request_id: "init",
                now: self.now,
                region: self.region,
                source_ip: None,
                user_agent: None,
            },
            issuers: &self.issuers,
            strict: false,
        };
        actions::dispatch(&cx, request).map(drop).map_err(fail)
    }
}

/// The item an API error is about: the policy document of MalformedPolicyDocument, the parameter
/// a ValidationError names (`... at 'userName' failed to satisfy ...`), else `default`.
fn locate<'a>(e: &ApiError, default: &'a Loc, params: &'a [Param]) -> &'a Loc {
    let code = e.code.code();
    let named = if code == "MalformedPolicyDocument" {
        params
            .iter()
            .find(|(name, _, _)| name.ends_with("PolicyDocument"))
    } else {
        let quoted = e
            .message
            .split_once(" at '")
            .and_then(|(_, rest)| rest.split('\'').next())
            .and_then(|member| member.split('.').next())
            .unwrap_or_default();
        params.iter().find(|(name, _, _)| {
            let first = name.split('.').next().unwrap_or_default();
            !quoted.is_empty() && lower_first(first) == quoted
        })
    };
    named.map_or(default, |(_, _, loc)| loc)
}

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn param(name: &str, value: Text) -> Param {
    (name.to_owned(), value.value, value.loc)
}

fn optional(name: &str, value: Option<Text>) -> Option<Param> {
    value.map(|v| param(name, v))
}

/// `AKIA` and 16 upper-case letters and digits, as IAM mints them.
fn is_access_key_id(id: &str) -> bool {
    id.len() == 20
        && id.starts_with("AKIA")
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Adds an active access key with a given id and secret to a user, as CreateAccessKey would add a
/// minted one.
fn import_access_key(
    store: &Store,
    account_id: &str,
    user_name: &str,
    id: &str,
    secret: &str,
    now: Timestamp,
) -> Result<(), ApiError> {
    let account = store.account(account_id);
    let mut account = account.write();
    let owner = Arc::clone(&account.id);
    let user = find_mut(&mut account, user_name)?;
    if user.access_keys.len() >= quotas::ACCESS_KEYS_PER_USER {
        return Err(quota("AccessKeysPerUser", quotas::ACCESS_KEYS_PER_USER));
    }
    store.access_keys.insert(
        id.to_owned(),
        KeyOwner {
            account: owner,
            user: key(&user.name),
        },
    );
    user.access_keys.push(AccessKey {
        id: id.to_owned(),
        secret: Arc::from(secret),
        active: true,
        created: now,
        last_used: None,
    });
    Ok(())
}
