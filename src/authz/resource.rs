//! The resource an operation acts on, as IAM names it in policies and in AccessDenied messages.
//!
//! The service authorization reference says which resource types each action takes (`user`,
//! `role`, ...); the input names the entity (`UserName`, `RoleName`, `PolicyArn`, ...). An entity
//! that exists is named by its stored ARN (with its path); one about to be created by the ARN the
//! input gives it. IAM's List calls without a resource type are matched, and reported, as the
//! path they list (`arn:aws:iam::123456789012:user/` for ListUsers, `.../role/` for ListRoles,
//! as AccessDenied messages from AWS show), except ListPolicies, which AWS reports as
//! `policy path /`. Account-level calls are `*`.

use super::input::Input;
use crate::actions::iam::common::key;
use crate::actions::iam::{oidc_providers, policy_refs, saml_providers, service_linked_roles};
use crate::auth::Principal;
use crate::protocol::Action;
use crate::protocol::iam::Tag;
use crate::service_reference::ServiceReference;
use crate::store::{AccountState, Store, mfa};

/// What an operation acts on.
#[derive(Debug)]
pub struct Target<'a> {
    /// The ARN policies are matched against.
    pub arn: String,
    /// What AWS prints instead of the ARN, where it prints something else.
    pub shown: Option<String>,
    /// The entity's new ARN when the call renames or moves it (UpdateUser, UpdateGroup): AWS
    /// requires permission on both names.
    pub renamed: Option<String>,
    /// The entity, if it exists: its tags and boundary are context keys.
    pub existing: Option<Existing<'a>>,
}

/// An existing entity's attributes that requests are conditioned on.
#[derive(Debug, Clone, Copy)]
pub enum Existing<'a> {
    /// A user or role: tags (as `aws:ResourceTag` and `iam:ResourceTag`) and boundary.
    Identity {
        /// Tags.
        tags: &'a [Tag],
        /// The permissions boundary's ARN.
        boundary: Option<&'a str>,
    },
    /// A managed policy, instance profile virtual MFA device or identity provider: tags.
    Tagged(&'a [Tag]),
}

impl<'a> Target<'a> {
    fn new(arn: String) -> Self {
        Target {
            arn,
            shown: None,
            renamed: None,
            existing: None,
        }
    }

    fn existing(arn: &str, existing: Existing<'a>) -> Self {
        Target {
            existing: Some(existing),
            ..Target::new(arn.to_owned())
        }
    }

    /// What AccessDenied names.
    pub fn shown(&self) -> &str {
        self.shown.as_deref().unwrap_or(&self.arn)
    }
}

/// Where a request's resource is looked up.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    /// Every account, for a key owned elsewhere and AWS managed policies.
    pub store: &'a Store,
    /// The caller's account, read-locked.
    pub account: &'a AccountState,
    /// Who is calling.
    pub caller: &'a Principal,
}

/// The resource `action` acts on, given its input.
pub fn resolve<'a>(scope: Scope<'a>, action: Action, input: Input<'_>) -> Target<'a> {
    let account = scope.account;
    let listing =
        |kind: &str| Target::new(account.arn(kind, input.text("PathPrefix").unwrap_or("/"), ""));
    match action {
        Action::ListUsers => listing("user"),
        Action::ListGroups => listing("group"),
        Action::ListRoles => listing("role"),
        Action::ListInstanceProfiles => listing("instance-profile"),
        // No resource type; AWS reports the account's `mfa/` path.
        Action::ListVirtualMFADevices => Target::new(account.arn("mfa", "/", "")),
        Action::ListPolicies => {
            let prefix = input.text("PathPrefix").unwrap_or("/");
            Target {
                shown: Some(format!("policy path {prefix}")),
                ..listing("policy")
            }
        }
        // No resource type: CallerArn and ResourcePolicy describe the simulation, not what the
        // call acts on.
        Action::SimulateCustomPolicy | Action::GetContextKeysForCustomPolicy => {
            Target::new("*".to_owned())
        }
        Action::GetAccessKeyLastUsed => key_owner(scope, input.text("AccessKeyId").unwrap_or("")),
        Action::UpdateUser => {
            let current = input
                .text("UserName")
                .and_then(|n| account.users.get(&key(n)))
                .map(|u| (u.path.as_str(), u.name.as_str()));
            let new = (input.text("NewPath"), input.text("NewUserName"));
            renamed(user(scope, input), account, "user", current, new)
        }
        Action::UpdateGroup => {
            let current = input
                .text("GroupName")
                .and_then(|n| account.groups.get(&key(n)))
                .map(|g| (g.path.as_str(), g.name.as_str()));
            let new = (input.text("NewPath"), input.text("NewGroupName"));
            renamed(group(scope, input), account, "group", current, new)
        }
        _ => by_type(scope, action, input),
    }
}

/// The resource from the types the reference gives the action: the first type the input names,
/// else an ARN the input carries, else the caller itself for user operations that default to it,
/// else `*`.
fn by_type<'a>(scope: Scope<'a>, action: Action, input: Input<'_>) -> Target<'a> {
    // The action's resource types as the reference lists them, borrowed: this runs per request.
    let types =
        ServiceReference::operation(action).map_or(&[][..], |a| a.resource_types.as_slice());
    let named = types.iter().find_map(|used| match used.name.as_str() {
        "user" => input.text("UserName").map(|_| user(scope, input)),
        "group" => input.text("GroupName").map(|_| group(scope, input)),
        "role" => role(scope, input),
        "policy" => policy(scope, input),
        "instance-profile" => instance_profile(scope, input),
        "root-user" => input
            .text("TargetPrincipal")
            .map(|account| Target::new(format!("arn:aws:iam::{account}:root"))),
        "mfa" => mfa_device(scope, input),
        "oidc-provider" => oidc_provider(scope, input),
        "saml-provider" => saml_provider(scope, input),
        "federated-user" => input.text("Name").map(|name| {
            Target::new(format!(
                "arn:aws:sts::{}:federated-user/{name}",
                scope.account.id
            ))
        }),
        _ => None,
    });
    if let Some(target) = named {
        return target;
    }
    let carried = input
        .0
        .children()
        .find(|(name, _)| name.ends_with("Arn"))
        .and_then(|(_, node)| node.value());
    if let Some(arn) = carried {
        return Target::new(arn.to_owned());
    }
    if types.iter().any(|used| used.name == "user") {
        return caller(scope);
    }
    Target::new("*".to_owned())
}

/// The user `UserName` names, else (as AWS does) the caller.
fn user<'a>(scope: Scope<'a>, input: Input<'_>) -> Target<'a> {
    let Some(name) = input.text("UserName") else {
        return caller(scope);
    };
    match scope.account.users.get(&key(name)) {
        Some(u) => Target::existing(
            &u.arn,
            Existing::Identity {
                tags: &u.tags,
                boundary: u.permissions_boundary.as_deref(),
            },
        ),
        None => Target::new(built(scope.account, "user", input, name)),
    }
}

/// The caller as a resource: its own user record when it is an IAM user.
fn caller(scope: Scope<'_>) -> Target<'_> {
    match scope.caller {
        Principal::User { name, arn, .. } => match scope.account.users.get(&key(name)) {
            Some(u) => Target::existing(
                &u.arn,
                Existing::Identity {
                    tags: &u.tags,
                    boundary: u.permissions_boundary.as_deref(),
                },
            ),
            None => Target::new(arn.clone()),
        },
        Principal::Root => Target::new(format!("arn:aws:iam::{}:root", scope.account.id)),
        Principal::AssumedRole { arn, .. } | Principal::FederatedUser { arn, .. } => {
            Target::new(arn.clone())
        }
    }
}

/// The user owning `key_id`, wherever it is; `*` for a key no one owns.
fn key_owner<'a>(scope: Scope<'a>, key_id: &str) -> Target<'a> {
    // Clone the owner so the index's shard lock is released before an account lock is taken.
    let Some(owner) = scope
        .store
        .access_keys
        .get(key_id)
        .map(|o| o.value().clone())
    else {
        return Target::new("*".to_owned());
    };
    if owner.account == scope.account.id {
        return match scope.account.users.get(&owner.user) {
            Some(u) => Target::existing(
                &u.arn,
                Existing::Identity {
                    tags: &u.tags,
                    boundary: u.permissions_boundary.as_deref(),
                },
            ),
            None => Target::new("*".to_owned()),
        };
    }
    let other = scope.store.account(&owner.account);
    let other = other.read();
    Target::new(
        other
            .users
            .get(&owner.user)
            .map_or_else(|| "*".to_owned(), |u| u.arn.clone()),
    )
}

fn group<'a>(scope: Scope<'a>, input: Input<'_>) -> Target<'a> {
    let name = input.text("GroupName").unwrap_or("");
    match scope.account.groups.get(&key(name)) {
        Some(g) => Target::new(g.arn.clone()),
        None => Target::new(built(scope.account, "group", input, name)),
    }
}

/// The role `RoleName` names; for service-linked roles, the one AWS names after the service
/// (`AWSServiceName`) or the one a deletion task is about (`DeletionTaskId`); `RoleArn` as given.
fn role<'a>(scope: Scope<'a>, input: Input<'_>) -> Option<Target<'a>> {
    let account = scope.account;
    if let Some(name) = input.text("RoleName") {
        return Some(match account.roles.get(&key(name)) {
            Some(r) => Target::existing(
                &r.arn,
                Existing::Identity {
                    tags: &r.tags,
                    boundary: r.permissions_boundary.as_deref(),
                },
            ),
            None => Target::new(built(account, "role", input, name)),
        });
    }
    if let Some(service) = input.text("AWSServiceName") {
        let name = service_linked_roles::role_name(service, input.text("CustomSuffix"));
        let path = service_linked_roles::role_path(service);
        return Some(Target::new(account.arn("role", &path, &name)));
    }
    if let Some(task) = input.text("DeletionTaskId") {
        // `task/aws-service-role/SERVICE/NAME/UUID`: the role's path and name sit in between.
        let role = task.strip_prefix("task")?.rsplit_once('/')?.0;
        return Some(Target::new(account.arn("role", role, "")));
    }
    input.text("RoleArn").map(|arn| Target::new(arn.to_owned()))
}

/// The managed policy `PolicyArn` names, or the one CreatePolicy makes from `PolicyName`.
fn policy<'a>(scope: Scope<'a>, input: Input<'_>) -> Option<Target<'a>> {
    let account = scope.account;
    if let Some(arn) = input.text("PolicyArn") {
        let own = policy_refs::customer_key(account, arn).and_then(|k| account.policies.get(&k));
        return Some(match own {
            Some(p) => Target::existing(&p.arn, Existing::Tagged(&p.tags)),
            None => Target::new(arn.to_owned()),
        });
    }
    let name = input.text("PolicyName")?;
    Some(Target::new(built(account, "policy", input, name)))
}

fn instance_profile<'a>(scope: Scope<'a>, input: Input<'_>) -> Option<Target<'a>> {
    let name = input.text("InstanceProfileName")?;
    Some(match scope.account.instance_profiles.get(&key(name)) {
        Some(p) => Target::existing(&p.arn, Existing::Tagged(&p.tags)),
        None => Target::new(built(scope.account, "instance-profile", input, name)),
    })
}

/// The virtual MFA device `SerialNumber` names (its ARN), or the one CreateVirtualMFADevice
/// makes from `VirtualMFADeviceName`.
fn mfa_device<'a>(scope: Scope<'a>, input: Input<'_>) -> Option<Target<'a>> {
    let account = scope.account;
    if let Some(serial) = input.text("SerialNumber") {
        let device =
            mfa::key_of_serial(&account.id, serial).and_then(|k| account.mfa_devices.get(&k));
        return Some(match device {
            Some(d) => Target::existing(&d.serial, Existing::Tagged(&d.tags)),
            None => Target::new(serial.to_owned()),
        });
    }
    let name = input.text("VirtualMFADeviceName")?;
    Some(Target::new(built(account, "mfa", input, name)))
}

/// The OIDC provider `OpenIDConnectProviderArn` names, or the one CreateOpenIDConnectProvider
/// makes from `Url` (without its scheme).
fn oidc_provider<'a>(scope: Scope<'a>, input: Input<'_>) -> Option<Target<'a>> {
    if let Some(arn) = input.text("OpenIDConnectProviderArn") {
        let own = oidc_providers::find(scope.account, arn).ok();
        return Some(match own {
            Some(p) => Target::existing(&p.arn, Existing::Tagged(&p.tags)),
            None => Target::new(arn.to_owned()),
        });
    }
    let url = input.text("Url")?;
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    Some(Target::new(scope.account.arn("oidc-provider/", "", url)))
}

/// The SAML provider `SAMLProviderArn` names, or the one CreateSAMLProvider makes from `Name`.
fn saml_provider<'a>(scope: Scope<'a>, input: Input<'_>) -> Option<Target<'a>> {
    if let Some(arn) = input.text("SAMLProviderArn") {
        let own = saml_providers::find(scope.account, arn).ok();
        return Some(match own {
            Some(p) => Target::existing(&p.arn, Existing::Tagged(&p.tags)),
            None => Target::new(arn.to_owned()),
        });
    }
    let name = input.text("Name")?;
    Some(Target::new(scope.account.arn("saml-provider/", "", name)))
}

/// The ARN an entity about to be created gets: the input's `Path`, or `/`.
fn built(account: &AccountState, kind: &str, input: Input<'_>, name: &str) -> String {
    account.arn(kind, input.text("Path").unwrap_or("/"), name)
}

/// `target` with the ARN the entity will have after the call, when it exists (`current` path
/// and name) and the call renames or moves it.
fn renamed<'a>(
    mut target: Target<'a>,
    account: &AccountState,
    kind: &str,
    current: Option<(&str, &str)>,
    (new_path, new_name): (Option<&str>, Option<&str>),
) -> Target<'a> {
    if let Some((path, name)) = current
        && (new_path.is_some() || new_name.is_some())
    {
        target.renamed =
            Some(account.arn(kind, new_path.unwrap_or(path), new_name.unwrap_or(name)));
    }
    target
}
