//! GetAccountSummary: true counts of what the account holds, and AWS's default quotas.

use crate::error::ApiError;
use crate::protocol::iam::{GetAccountSummaryResponse, SummaryKeyType as K};
use crate::store::{AccountState, quotas};

fn int(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// `GetAccountSummary`.
pub fn get_account_summary(account: &AccountState) -> Result<GetAccountSummaryResponse, ApiError> {
    let versions_in_use: usize = account.policies.values().map(|p| p.versions.len()).sum();
    let mfa_in_use = account
        .mfa_devices
        .values()
        .filter(|d| d.assigned.is_some())
        .count();
    let summary = vec![
        (K::Users, int(account.users.len())),
        (K::UsersQuota, int(quotas::USERS)),
        (K::Groups, int(account.groups.len())),
        (K::GroupsQuota, int(quotas::GROUPS)),
        (K::ServerCertificates, 0),
        (K::ServerCertificatesQuota, int(quotas::SERVER_CERTIFICATES)),
        (K::UserPolicySizeQuota, int(quotas::USER_POLICY_SIZE)),
        (K::GroupPolicySizeQuota, int(quotas::GROUP_POLICY_SIZE)),
        (K::GroupsPerUserQuota, int(quotas::GROUPS_PER_USER)),
        (
            K::SigningCertificatesPerUserQuota,
            int(quotas::SIGNING_CERTIFICATES_PER_USER),
        ),
        (K::AccessKeysPerUserQuota, int(quotas::ACCESS_KEYS_PER_USER)),
        (K::MfaDevices, int(account.mfa_devices.len())),
        (K::MfaDevicesInUse, int(mfa_in_use)),
        (K::AccountMfaEnabled, 0),
        (K::AccountAccessKeysPresent, 0),
        (K::AccountPasswordPresent, 0),
        (K::AccountSigningCertificatesPresent, 0),
        (
            K::AttachedPoliciesPerGroupQuota,
            int(quotas::ATTACHED_POLICIES),
        ),
        (
            K::AttachedPoliciesPerRoleQuota,
            int(quotas::ATTACHED_POLICIES),
        ),
        (
            K::AttachedPoliciesPerUserQuota,
            int(quotas::ATTACHED_POLICIES),
        ),
        (K::Policies, int(account.policies.len())),
        (K::PoliciesQuota, int(quotas::POLICIES)),
        (K::PolicySizeQuota, int(quotas::POLICY_SIZE)),
        (K::PolicyVersionsInUse, int(versions_in_use)),
        (K::PolicyVersionsInUseQuota, 10_000),
        (K::VersionsPerPolicyQuota, int(quotas::VERSIONS_PER_POLICY)),
        (
            K::GlobalEndpointTokenVersion,
            super::sts_preferences::summary_value(account.global_endpoint_token_version),
        ),
        (
            K::AssumeRolePolicySizeQuota,
            int(quotas::ASSUME_ROLE_POLICY_SIZE),
        ),
        (K::InstanceProfiles, int(account.instance_profiles.len())),
        (K::InstanceProfilesQuota, int(quotas::INSTANCE_PROFILES)),
        (K::Providers, 0),
        (K::RolePolicySizeQuota, int(quotas::ROLE_POLICY_SIZE)),
        (K::Roles, int(account.roles.len())),
        (K::RolesQuota, int(quotas::ROLES)),
    ];
    Ok(GetAccountSummaryResponse {
        summary_map: Some(summary),
    })
}
