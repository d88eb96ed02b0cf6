//! AWS's default IAM quotas (IAM and STS quotas page), enforced with `LimitExceeded`.

/// Users per account.
pub const USERS: usize = 5000;
/// Groups per account.
pub const GROUPS: usize = 300;
/// Roles per account.
pub const ROLES: usize = 1000;
/// Customer managed policies per account.
pub const POLICIES: usize = 1500;
/// Instance profiles per account.
pub const INSTANCE_PROFILES: usize = 1000;
/// Groups a user can be in.
pub const GROUPS_PER_USER: usize = 10;
/// Access keys per user.
pub const ACCESS_KEYS_PER_USER: usize = 2;
/// SSH public keys per user.
pub const SSH_PUBLIC_KEYS_PER_USER: usize = 5;
/// Managed policies attached to one user, group or role.
pub const ATTACHED_POLICIES: usize = 10;
/// Versions kept per managed policy.
pub const VERSIONS_PER_POLICY: usize = 5;
/// Roles per instance profile.
pub const ROLES_PER_INSTANCE_PROFILE: usize = 1;
/// Tags per entity.
pub const TAGS: usize = 50;
/// Aliases per account.
pub const ACCOUNT_ALIASES: usize = 1;
/// Inline policy sizes, in characters without whitespace.
pub const USER_POLICY_SIZE: usize = 2048;
/// Group inline policy size.
pub const GROUP_POLICY_SIZE: usize = 5120;
/// Role inline policy size (the role's inline policies together).
pub const ROLE_POLICY_SIZE: usize = 10240;
/// Managed policy document size.
pub const POLICY_SIZE: usize = 6144;
/// Trust policy size.
pub const ASSUME_ROLE_POLICY_SIZE: usize = 2048;
/// Signing certificates per user.
pub const SIGNING_CERTIFICATES_PER_USER: usize = 2;
/// Server certificates per account.
pub const SERVER_CERTIFICATES: usize = 20;
/// MFA devices in use per user... and per account (`MFADevices` quota).
pub const MFA_DEVICES: usize = 8;
/// OpenID Connect providers per account.
pub const OIDC_PROVIDERS: usize = 100;
/// Client ids (audiences) per OpenID Connect provider.
pub const CLIENT_IDS_PER_OIDC_PROVIDER: usize = 100;
/// Thumbprints per OpenID Connect provider.
pub const THUMBPRINTS_PER_OIDC_PROVIDER: usize = 5;
/// SAML providers per account.
pub const SAML_PROVIDERS: usize = 100;
/// Private keys per SAML provider (one in use, one being rotated in).
pub const PRIVATE_KEYS_PER_SAML_PROVIDER: usize = 2;
