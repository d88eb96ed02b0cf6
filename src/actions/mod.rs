//! Handlers: one file per resource family, and the exhaustive match from request to handler.
//!
//! Handlers are synchronous functions over one account's state. The dispatcher takes the account's
//! lock (shared for reads, exclusive for writes) and never holds it across an `.await`.

pub mod iam;
pub mod sts;

use crate::auth::Caller;
use crate::error::{ApiError, ErrorCode};
use crate::protocol::Request;
use crate::protocol::xml::{Timestamp, WriteXml};
use crate::store::{AccountState, Store};

/// What every handler may read besides its account.
pub struct Ctx<'a> {
    /// The whole store (global indexes, other accounts).
    pub store: &'a Store,
    /// Who is calling.
    pub caller: &'a Caller,
    /// The time of the request.
    pub now: Timestamp,
    /// The region the request was signed for.
    pub region: &'a str,
    /// What the request says besides its parameters (client address, user agent), for the
    /// conditions STS evaluates itself.
    pub facts: crate::authz::Facts<'a>,
    /// The built-in OIDC issuers, whose tokens AssumeRoleWithWebIdentity verifies.
    pub issuers: &'a crate::oidc::Issuers,
    /// `--strict`: web identity tokens the emulator cannot verify are refused.
    pub strict: bool,
}

/// The result element of a response; `None` for operations without output.
pub type Output = Option<Box<dyn WriteXml + Send>>;

/// A handler's return value turned into an [`Output`].
pub trait IntoOutput {
    /// Boxes the output shape, or `None` for `()`.
    fn into_output(self) -> Output;
}

impl IntoOutput for () {
    fn into_output(self) -> Output {
        None
    }
}

impl<T: WriteXml + Send + 'static> IntoOutput for T {
    fn into_output(self) -> Output {
        Some(Box::new(self))
    }
}

/// Runs a handler that only reads the caller's account.
fn read<T: IntoOutput>(
    cx: &Ctx<'_>,
    f: impl FnOnce(&AccountState) -> Result<T, ApiError>,
) -> Result<Output, ApiError> {
    let account = cx.store.account(cx.caller.account());
    let guard = account.read();
    f(&guard).map(IntoOutput::into_output)
}

/// Runs a handler that changes the caller's account. Handlers check everything before they change
/// anything, so an error never leaves a half-made change behind.
fn write<T: IntoOutput>(
    cx: &Ctx<'_>,
    f: impl FnOnce(&mut AccountState) -> Result<T, ApiError>,
) -> Result<Output, ApiError> {
    let account = cx.store.account(cx.caller.account());
    let mut guard = account.write();
    f(&mut guard).map(IntoOutput::into_output)
}

/// Routes a decoded request to its handler.
pub fn dispatch(cx: &Ctx<'_>, request: Request) -> Result<Output, ApiError> {
    use iam::{
        access_keys, account_aliases, instance_profiles, login_profiles, password_policy,
        role_policies, roles, service_linked_roles, users,
    };
    match request {
        // users
        Request::CreateUser(i) => write(cx, |a| users::create_user(cx, a, i)),
        Request::GetUser(i) => read(cx, |a| users::get_user(cx, a, i)),
        Request::UpdateUser(i) => write(cx, |a| users::update_user(cx, a, i)),
        Request::DeleteUser(i) => write(cx, |a| users::delete_user(a, i)),
        Request::ListUsers(i) => read(cx, |a| users::list_users(a, i)),
        Request::TagUser(i) => write(cx, |a| users::tag_user(a, i)),
        Request::UntagUser(i) => write(cx, |a| users::untag_user(a, i)),
        Request::ListUserTags(i) => read(cx, |a| users::list_user_tags(a, i)),
        // account authorization details
        Request::GetAccountAuthorizationDetails(i) => read(cx, |a| {
            iam::authorization_details::get_account_authorization_details(cx, a, i)
        }),
        // account summary
        Request::GetAccountSummary => read(cx, iam::account_summary::get_account_summary),
        // groups
        Request::CreateGroup(i) => write(cx, |a| iam::groups::create_group(cx, a, i)),
        Request::GetGroup(i) => read(cx, |a| iam::groups::get_group(a, i)),
        Request::UpdateGroup(i) => write(cx, |a| iam::groups::update_group(a, i)),
        Request::DeleteGroup(i) => write(cx, |a| iam::groups::delete_group(a, i)),
        Request::ListGroups(i) => read(cx, |a| iam::groups::list_groups(a, i)),
        Request::AddUserToGroup(i) => write(cx, |a| iam::groups::add_user_to_group(a, i)),
        Request::RemoveUserFromGroup(i) => write(cx, |a| iam::groups::remove_user_from_group(a, i)),
        Request::ListGroupsForUser(i) => read(cx, |a| iam::groups::list_groups_for_user(a, i)),
        // inline policies
        Request::PutUserPolicy(i) => write(cx, |a| iam::inline_policies::put_user_policy(a, i)),
        Request::GetUserPolicy(i) => read(cx, |a| iam::inline_policies::get_user_policy(a, i)),
        Request::DeleteUserPolicy(i) => {
            write(cx, |a| iam::inline_policies::delete_user_policy(a, i))
        }
        Request::ListUserPolicies(i) => {
            read(cx, |a| iam::inline_policies::list_user_policies(a, i))
        }
        Request::PutGroupPolicy(i) => write(cx, |a| iam::inline_policies::put_group_policy(a, i)),
        Request::GetGroupPolicy(i) => read(cx, |a| iam::inline_policies::get_group_policy(a, i)),
        Request::DeleteGroupPolicy(i) => {
            write(cx, |a| iam::inline_policies::delete_group_policy(a, i))
        }
        Request::ListGroupPolicies(i) => {
            read(cx, |a| iam::inline_policies::list_group_policies(a, i))
        }
        // access keys
        Request::CreateAccessKey(i) => write(cx, |a| access_keys::create_access_key(cx, a, i)),
        Request::UpdateAccessKey(i) => write(cx, |a| access_keys::update_access_key(cx, a, i)),
        Request::DeleteAccessKey(i) => write(cx, |a| access_keys::delete_access_key(cx, a, i)),
        Request::ListAccessKeys(i) => read(cx, |a| access_keys::list_access_keys(cx, a, i)),
        // Reads whichever account owns the key, so it takes that account's lock itself.
        Request::GetAccessKeyLastUsed(i) => {
            access_keys::get_access_key_last_used(cx, i).map(IntoOutput::into_output)
        }
        // login profiles
        Request::CreateLoginProfile(i) => {
            write(cx, |a| login_profiles::create_login_profile(cx, a, i))
        }
        Request::GetLoginProfile(i) => read(cx, |a| login_profiles::get_login_profile(cx, a, i)),
        Request::UpdateLoginProfile(i) => {
            write(cx, |a| login_profiles::update_login_profile(cx, a, i))
        }
        Request::DeleteLoginProfile(i) => {
            write(cx, |a| login_profiles::delete_login_profile(cx, a, i))
        }
        Request::ChangePassword(i) => write(cx, |a| login_profiles::change_password(cx, a, i)),
        // password policy
        Request::UpdateAccountPasswordPolicy(i) => write(cx, |a| {
            password_policy::update_account_password_policy(a, i)
        }),
        Request::GetAccountPasswordPolicy => read(cx, password_policy::get_account_password_policy),
        Request::DeleteAccountPasswordPolicy => {
            write(cx, password_policy::delete_account_password_policy)
        }
        // account aliases
        Request::CreateAccountAlias(i) => write(cx, |a| {
            account_aliases::create_account_alias(cx.store, a, i)
        }),
        Request::DeleteAccountAlias(i) => write(cx, |a| {
            account_aliases::delete_account_alias(cx.store, a, i)
        }),
        Request::ListAccountAliases(i) => read(cx, |a| account_aliases::list_account_aliases(a, i)),
        // roles
        Request::CreateRole(i) => write(cx, |a| roles::create_role(cx, a, i)),
        Request::GetRole(i) => read(cx, |a| roles::get_role(a, i)),
        Request::UpdateRole(i) => write(cx, |a| roles::update_role(a, i)),
        Request::UpdateRoleDescription(i) => write(cx, |a| roles::update_role_description(a, i)),
        Request::UpdateAssumeRolePolicy(i) => write(cx, |a| roles::update_assume_role_policy(a, i)),
        Request::DeleteRole(i) => write(cx, |a| roles::delete_role(a, i)),
        Request::ListRoles(i) => read(cx, |a| roles::list_roles(a, i)),
        Request::TagRole(i) => write(cx, |a| roles::tag_role(a, i)),
        Request::UntagRole(i) => write(cx, |a| roles::untag_role(a, i)),
        Request::ListRoleTags(i) => read(cx, |a| roles::list_role_tags(a, i)),
        // role policies
        Request::PutRolePolicy(i) => write(cx, |a| role_policies::put_role_policy(a, i)),
        Request::GetRolePolicy(i) => read(cx, |a| role_policies::get_role_policy(a, i)),
        Request::DeleteRolePolicy(i) => write(cx, |a| role_policies::delete_role_policy(a, i)),
        Request::ListRolePolicies(i) => read(cx, |a| role_policies::list_role_policies(a, i)),
        // service-linked roles
        Request::CreateServiceLinkedRole(i) => write(cx, |a| {
            service_linked_roles::create_service_linked_role(cx, a, i)
        }),
        Request::DeleteServiceLinkedRole(i) => write(cx, |a| {
            service_linked_roles::delete_service_linked_role(a, i)
        }),
        Request::GetServiceLinkedRoleDeletionStatus(i) => read(cx, |a| {
            service_linked_roles::get_service_linked_role_deletion_status(a, i)
        }),
        // instance profiles
        Request::CreateInstanceProfile(i) => {
            write(cx, |a| instance_profiles::create_instance_profile(cx, a, i))
        }
        Request::GetInstanceProfile(i) => {
            read(cx, |a| instance_profiles::get_instance_profile(a, i))
        }
        Request::DeleteInstanceProfile(i) => {
            write(cx, |a| instance_profiles::delete_instance_profile(a, i))
        }
        Request::ListInstanceProfiles(i) => {
            read(cx, |a| instance_profiles::list_instance_profiles(a, i))
        }
        Request::AddRoleToInstanceProfile(i) => write(cx, |a| {
            instance_profiles::add_role_to_instance_profile(a, i)
        }),
        Request::RemoveRoleFromInstanceProfile(i) => write(cx, |a| {
            instance_profiles::remove_role_from_instance_profile(a, i)
        }),
        Request::ListInstanceProfilesForRole(i) => read(cx, |a| {
            instance_profiles::list_instance_profiles_for_role(a, i)
        }),
        Request::TagInstanceProfile(i) => {
            write(cx, |a| instance_profiles::tag_instance_profile(a, i))
        }
        Request::UntagInstanceProfile(i) => {
            write(cx, |a| instance_profiles::untag_instance_profile(a, i))
        }
        Request::ListInstanceProfileTags(i) => {
            read(cx, |a| instance_profiles::list_instance_profile_tags(a, i))
        }
        // managed policies
        Request::CreatePolicy(i) => write(cx, |a| iam::policies::create_policy(cx, a, i)),
        Request::GetPolicy(i) => read(cx, |a| iam::policies::get_policy(cx, a, i)),
        Request::DeletePolicy(i) => write(cx, |a| iam::policies::delete_policy(cx, a, i)),
        Request::ListPolicies(i) => read(cx, |a| iam::policy_list::list_policies(cx, a, i)),
        Request::TagPolicy(i) => write(cx, |a| iam::policies::tag_policy(cx, a, i)),
        Request::UntagPolicy(i) => write(cx, |a| iam::policies::untag_policy(cx, a, i)),
        Request::ListPolicyTags(i) => read(cx, |a| iam::policies::list_policy_tags(cx, a, i)),
        // policy versions
        Request::CreatePolicyVersion(i) => write(cx, |a| {
            iam::policy_versions::create_policy_version(cx, a, i)
        }),
        Request::GetPolicyVersion(i) => {
            read(cx, |a| iam::policy_versions::get_policy_version(cx, a, i))
        }
        Request::DeletePolicyVersion(i) => write(cx, |a| {
            iam::policy_versions::delete_policy_version(cx, a, i)
        }),
        Request::ListPolicyVersions(i) => {
            read(cx, |a| iam::policy_versions::list_policy_versions(cx, a, i))
        }
        Request::SetDefaultPolicyVersion(i) => write(cx, |a| {
            iam::policy_versions::set_default_policy_version(cx, a, i)
        }),
        // attachments
        Request::AttachUserPolicy(i) => {
            write(cx, |a| iam::attachments::attach_user_policy(cx, a, i))
        }
        Request::DetachUserPolicy(i) => write(cx, |a| iam::attachments::detach_user_policy(a, i)),
        Request::AttachGroupPolicy(i) => {
            write(cx, |a| iam::attachments::attach_group_policy(cx, a, i))
        }
        Request::DetachGroupPolicy(i) => write(cx, |a| iam::attachments::detach_group_policy(a, i)),
        Request::AttachRolePolicy(i) => {
            write(cx, |a| iam::attachments::attach_role_policy(cx, a, i))
        }
        Request::DetachRolePolicy(i) => write(cx, |a| iam::attachments::detach_role_policy(a, i)),
        Request::ListAttachedUserPolicies(i) => {
            read(cx, |a| iam::attachments::list_attached_user_policies(a, i))
        }
        Request::ListAttachedGroupPolicies(i) => {
            read(cx, |a| iam::attachments::list_attached_group_policies(a, i))
        }
        Request::ListAttachedRolePolicies(i) => {
            read(cx, |a| iam::attachments::list_attached_role_policies(a, i))
        }
        Request::ListEntitiesForPolicy(i) => read(cx, |a| {
            iam::policy_entities::list_entities_for_policy(cx, a, i)
        }),
        // permissions boundaries
        Request::PutUserPermissionsBoundary(i) => write(cx, |a| {
            iam::boundaries::put_user_permissions_boundary(cx, a, i)
        }),
        Request::DeleteUserPermissionsBoundary(i) => write(cx, |a| {
            iam::boundaries::delete_user_permissions_boundary(a, i)
        }),
        Request::PutRolePermissionsBoundary(i) => write(cx, |a| {
            iam::boundaries::put_role_permissions_boundary(cx, a, i)
        }),
        Request::DeleteRolePermissionsBoundary(i) => write(cx, |a| {
            iam::boundaries::delete_role_permissions_boundary(a, i)
        }),
        // usage
        Request::GenerateCredentialReport => read(cx, |a| {
            iam::credential_report::generate_credential_report(cx, a)
        }),
        // Reads the report store only, no account state.
        Request::GetCredentialReport => {
            iam::credential_report::get_credential_report(cx).map(IntoOutput::into_output)
        }
        Request::GenerateServiceLastAccessedDetails(i) => read(cx, |a| {
            iam::last_accessed::generate_service_last_accessed_details(cx, a, i)
        }),
        // Jobs are kept with the usage data, not in the account.
        Request::GetServiceLastAccessedDetails(i) => {
            iam::last_accessed::get_service_last_accessed_details(cx, i)
                .map(IntoOutput::into_output)
        }
        Request::GetServiceLastAccessedDetailsWithEntities(i) => {
            iam::last_accessed::get_service_last_accessed_details_with_entities(cx, i)
                .map(IntoOutput::into_output)
        }
        Request::ListPoliciesGrantingServiceAccess(i) => read(cx, |a| {
            iam::policy_grants::list_policies_granting_service_access(cx.store, a, i)
        }),
        // simulate
        Request::SimulateCustomPolicy(i) => {
            read(cx, |a| iam::simulate::simulate_custom_policy(a, i))
        }
        Request::SimulatePrincipalPolicy(i) => {
            read(cx, |a| iam::simulate::simulate_principal_policy(cx, a, i))
        }
        Request::GetContextKeysForCustomPolicy(i) => {
            iam::simulate::get_context_keys_for_custom_policy(i).map(IntoOutput::into_output)
        }
        Request::GetContextKeysForPrincipalPolicy(i) => read(cx, |a| {
            iam::simulate::get_context_keys_for_principal_policy(cx, a, i)
        }),
        // mfa devices
        Request::CreateVirtualMFADevice(i) => {
            write(cx, |a| iam::mfa_devices::create_virtual_mfa_device(a, i))
        }
        Request::EnableMFADevice(i) => write(cx, |a| iam::mfa_devices::enable_mfa_device(cx, a, i)),
        Request::ResyncMFADevice(i) => write(cx, |a| iam::mfa_devices::resync_mfa_device(cx, a, i)),
        Request::DeactivateMFADevice(i) => {
            write(cx, |a| iam::mfa_devices::deactivate_mfa_device(cx, a, i))
        }
        Request::DeleteVirtualMFADevice(i) => {
            write(cx, |a| iam::mfa_devices::delete_virtual_mfa_device(a, i))
        }
        Request::ListMFADevices(i) => read(cx, |a| iam::mfa_devices::list_mfa_devices(cx, a, i)),
        Request::ListVirtualMFADevices(i) => {
            read(cx, |a| iam::mfa_devices::list_virtual_mfa_devices(a, i))
        }
        Request::GetMFADevice(i) => read(cx, |a| iam::mfa_devices::get_mfa_device(cx, a, i)),
        Request::TagMFADevice(i) => write(cx, |a| iam::mfa_devices::tag_mfa_device(a, i)),
        Request::UntagMFADevice(i) => write(cx, |a| iam::mfa_devices::untag_mfa_device(a, i)),
        Request::ListMFADeviceTags(i) => read(cx, |a| iam::mfa_devices::list_mfa_device_tags(a, i)),
        // OIDC providers
        Request::CreateOpenIDConnectProvider(i) => write(cx, |a| {
            iam::oidc_providers::create_open_id_connect_provider(cx, a, i)
        }),
        Request::GetOpenIDConnectProvider(i) => read(cx, |a| {
            iam::oidc_providers::get_open_id_connect_provider(a, i)
        }),
        Request::DeleteOpenIDConnectProvider(i) => write(cx, |a| {
            iam::oidc_providers::delete_open_id_connect_provider(a, i)
        }),
        Request::ListOpenIDConnectProviders(_) => read(cx, |a| {
            Ok(iam::oidc_providers::list_open_id_connect_providers(a))
        }),
        Request::AddClientIDToOpenIDConnectProvider(i) => write(cx, |a| {
            iam::oidc_providers::add_client_id_to_open_id_connect_provider(a, i)
        }),
        Request::RemoveClientIDFromOpenIDConnectProvider(i) => write(cx, |a| {
            iam::oidc_providers::remove_client_id_from_open_id_connect_provider(a, i)
        }),
        Request::UpdateOpenIDConnectProviderThumbprint(i) => write(cx, |a| {
            iam::oidc_providers::update_open_id_connect_provider_thumbprint(a, i)
        }),
        Request::TagOpenIDConnectProvider(i) => write(cx, |a| {
            iam::oidc_providers::tag_open_id_connect_provider(a, i)
        }),
        Request::UntagOpenIDConnectProvider(i) => write(cx, |a| {
            iam::oidc_providers::untag_open_id_connect_provider(a, i)
        }),
        Request::ListOpenIDConnectProviderTags(i) => read(cx, |a| {
            iam::oidc_providers::list_open_id_connect_provider_tags(a, i)
        }),
        // SAML providers
        Request::CreateSAMLProvider(i) => {
            write(cx, |a| iam::saml_providers::create_saml_provider(cx, a, i))
        }
        Request::GetSAMLProvider(i) => read(cx, |a| iam::saml_providers::get_saml_provider(a, i)),
        Request::UpdateSAMLProvider(i) => {
            write(cx, |a| iam::saml_providers::update_saml_provider(cx, a, i))
        }
        Request::DeleteSAMLProvider(i) => {
            write(cx, |a| iam::saml_providers::delete_saml_provider(a, i))
        }
        Request::ListSAMLProviders(_) => {
            read(cx, |a| Ok(iam::saml_providers::list_saml_providers(a)))
        }
        Request::TagSAMLProvider(i) => write(cx, |a| iam::saml_providers::tag_saml_provider(a, i)),
        Request::UntagSAMLProvider(i) => {
            write(cx, |a| iam::saml_providers::untag_saml_provider(a, i))
        }
        Request::ListSAMLProviderTags(i) => {
            read(cx, |a| iam::saml_providers::list_saml_provider_tags(a, i))
        }
        // outbound web identity federation
        Request::EnableOutboundWebIdentityFederation => {
            let enabled = write(
                cx,
                iam::outbound_federation::enable_outbound_web_identity_federation,
            )?;
            cx.issuers.outbound.prepare(cx.caller.account());
            Ok(enabled)
        }
        Request::DisableOutboundWebIdentityFederation => write(
            cx,
            iam::outbound_federation::disable_outbound_web_identity_federation,
        ),
        Request::GetOutboundWebIdentityFederationInfo => read(
            cx,
            iam::outbound_federation::get_outbound_web_identity_federation_info,
        ),
        // signing certificates
        Request::UploadSigningCertificate(i) => write(cx, |a| {
            iam::signing_certificates::upload_signing_certificate(cx, a, i)
        }),
        Request::ListSigningCertificates(i) => read(cx, |a| {
            iam::signing_certificates::list_signing_certificates(cx, a, i)
        }),
        Request::UpdateSigningCertificate(i) => write(cx, |a| {
            iam::signing_certificates::update_signing_certificate(cx, a, i)
        }),
        Request::DeleteSigningCertificate(i) => write(cx, |a| {
            iam::signing_certificates::delete_signing_certificate(cx, a, i)
        }),
        // ssh public keys
        Request::UploadSSHPublicKey(i) => write(cx, |a| {
            iam::ssh_public_keys::upload_ssh_public_key(cx, a, i)
        }),
        Request::GetSSHPublicKey(i) => read(cx, |a| iam::ssh_public_keys::get_ssh_public_key(a, i)),
        Request::ListSSHPublicKeys(i) => {
            read(cx, |a| iam::ssh_public_keys::list_ssh_public_keys(cx, a, i))
        }
        Request::UpdateSSHPublicKey(i) => {
            write(cx, |a| iam::ssh_public_keys::update_ssh_public_key(a, i))
        }
        Request::DeleteSSHPublicKey(i) => {
            write(cx, |a| iam::ssh_public_keys::delete_ssh_public_key(a, i))
        }
        Request::SetSecurityTokenServicePreferences(i) => write(cx, |a| {
            iam::sts_preferences::set_security_token_service_preferences(a, i)
        }),
        Request::GetWebIdentityToken(i) => {
            sts::web_identity_token::get_web_identity_token(cx, i).map(IntoOutput::into_output)
        }
        // sts
        Request::GetCallerIdentity(i) => {
            sts::identity::get_caller_identity(cx, i).map(IntoOutput::into_output)
        }
        Request::AssumeRole(i) => sts::assume_role::assume_role(cx, i).map(IntoOutput::into_output),
        Request::AssumeRoleWithWebIdentity(i) => {
            sts::web_identity::assume_role_with_web_identity(cx, i).map(IntoOutput::into_output)
        }
        // saml
        Request::AssumeRoleWithSAML(i) => {
            sts::saml::assume_role_with_saml(cx, i).map(IntoOutput::into_output)
        }
        Request::GetSessionToken(i) => {
            sts::session_token::get_session_token(cx, i).map(IntoOutput::into_output)
        }
        Request::GetFederationToken(i) => {
            sts::session_token::get_federation_token(cx, i).map(IntoOutput::into_output)
        }
        Request::AssumeRoot(i) => sts::root::assume_root(cx, i).map(IntoOutput::into_output),
        Request::GetDelegatedAccessToken(i) => {
            sts::delegated::get_delegated_access_token(&i).map(IntoOutput::into_output)
        }
        Request::DecodeAuthorizationMessage(i) => {
            sts::messages::decode_authorization_message(&i).map(IntoOutput::into_output)
        }
        Request::GetAccessKeyInfo(i) => {
            sts::access_key_info::get_access_key_info(&i).map(IntoOutput::into_output)
        }
        other => Err(ApiError::new(
            ErrorCode::NotImplemented,
            format!("localiam does not implement {} yet", other.action().name()),
        )),
    }
}
