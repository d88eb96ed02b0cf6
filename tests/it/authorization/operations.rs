//! Every implemented IAM operation, table-driven: an IAM user without a policy for it gets
//! AccessDenied naming the action and its resource; with a policy allowing exactly that action on
//! exactly that resource, authorization lets the call through to its handler (which may still
//! refuse it for its own reasons, such as NoSuchEntity or DeleteConflict).

use super::{ACCOUNT, Caller, DOC, TRUST, allow, denied_for_lack_of_identity_policy, fixture};
use crate::support::start;
use tokio::task::JoinSet;

const U: &str = "user/div/alice";
const G: &str = "group/g/devs";
const R: &str = "role/r/ops";
const P: &str = "policy/p/pol";
const IP: &str = "instance-profile/ip/prof";
const ME: &str = "user/caller";
const STAR: &str = "*";
const MFA: &str = "mfa/phone";
const OIDC: &str = "oidc-provider/idp.example.com";
const SAML: &str = "saml-provider/corp";

/// Operation, its parameters (`Name=value`, whitespace-separated; `$P` is the policy pol's ARN,
/// `$DOC` an identity policy, `$TRUST` a trust policy, `$K` alice's access key, `$CK` the
/// caller's, `$SAML` a document long enough to be decoded as SAML metadata), and the resource
/// AWS names (after `arn:aws:iam::000000000000:` unless it is `*`, a
/// full ARN, or AWS's `policy path` text for ListPolicies).
const ROWS: &[(&str, &str, &str)] = &[
    (
        "AddRoleToInstanceProfile",
        "InstanceProfileName=prof RoleName=ops",
        IP,
    ),
    ("AddUserToGroup", "GroupName=devs UserName=alice", G),
    ("GetAccessKeyInfo", "AccessKeyId=$K", STAR),
    (
        "AssumeRoot",
        "TargetPrincipal=111111111111 TaskPolicyArn.arn=arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy",
        "arn:aws:iam::111111111111:root",
    ),
    ("DecodeAuthorizationMessage", "EncodedMessage=abc", STAR),
    ("GetDelegatedAccessToken", "TradeInToken=abc", STAR),
    // outbound web identity federation
    ("EnableOutboundWebIdentityFederation", "", STAR),
    ("DisableOutboundWebIdentityFederation", "", STAR),
    ("GetOutboundWebIdentityFederationInfo", "", STAR),
    (
        "UploadSigningCertificate",
        "UserName=alice CertificateBody=x",
        U,
    ),
    ("ListSigningCertificates", "UserName=alice", U),
    (
        "UpdateSigningCertificate",
        "UserName=alice CertificateId=TA7SMP42TDN5Z26OBPJE7EXAMPLE Status=Inactive",
        U,
    ),
    (
        "DeleteSigningCertificate",
        "UserName=alice CertificateId=TA7SMP42TDN5Z26OBPJE7EXAMPLE",
        U,
    ),
    ("UploadSSHPublicKey", "UserName=alice SSHPublicKeyBody=x", U),
    (
        "GetSSHPublicKey",
        "UserName=alice SSHPublicKeyId=APKAEXAMPLE000000000 Encoding=SSH",
        U,
    ),
    ("ListSSHPublicKeys", "UserName=alice", U),
    (
        "UpdateSSHPublicKey",
        "UserName=alice SSHPublicKeyId=APKAEXAMPLE000000000 Status=Inactive",
        U,
    ),
    (
        "DeleteSSHPublicKey",
        "UserName=alice SSHPublicKeyId=APKAEXAMPLE000000000",
        U,
    ),
    (
        "SetSecurityTokenServicePreferences",
        "GlobalEndpointTokenVersion=v2Token",
        STAR,
    ),
    (
        "GetWebIdentityToken",
        "Audience.member.1=a SigningAlgorithm=ES384",
        STAR,
    ),
    (
        "GetFederationToken",
        "Name=fed",
        "arn:aws:sts::000000000000:federated-user/fed",
    ),
    ("AttachGroupPolicy", "GroupName=devs PolicyArn=$P", G),
    ("AttachRolePolicy", "RoleName=ops PolicyArn=$P", R),
    ("AttachUserPolicy", "UserName=alice PolicyArn=$P", U),
    (
        "ChangePassword",
        "OldPassword=Old-Passw0rd! NewPassword=New-Passw0rd!",
        ME,
    ),
    ("CreateAccessKey", "", ME),
    ("CreateAccountAlias", "AccountAlias=corp-alias", STAR),
    ("CreateGroup", "GroupName=new Path=/x/", "group/x/new"),
    (
        "CreateInstanceProfile",
        "InstanceProfileName=newp",
        "instance-profile/newp",
    ),
    (
        "CreateLoginProfile",
        "UserName=alice Password=Passw0rd-Long!",
        U,
    ),
    (
        "CreatePolicy",
        "PolicyName=newpol Path=/q/ PolicyDocument=$DOC",
        "policy/q/newpol",
    ),
    ("CreatePolicyVersion", "PolicyArn=$P PolicyDocument=$DOC", P),
    (
        "CreateRole",
        "RoleName=newrole AssumeRolePolicyDocument=$TRUST",
        "role/newrole",
    ),
    (
        "CreateServiceLinkedRole",
        "AWSServiceName=elasticbeanstalk.amazonaws.com",
        "role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk",
    ),
    ("CreateUser", "UserName=carol Path=/c/", "user/c/carol"),
    ("DeleteAccessKey", "AccessKeyId=$K UserName=alice", U),
    ("DeleteAccountAlias", "AccountAlias=corp-alias", STAR),
    ("DeleteAccountPasswordPolicy", "", STAR),
    ("DeleteGroup", "GroupName=devs", G),
    ("DeleteGroupPolicy", "GroupName=devs PolicyName=x", G),
    ("DeleteInstanceProfile", "InstanceProfileName=prof", IP),
    ("DeleteLoginProfile", "UserName=alice", U),
    ("DeletePolicy", "PolicyArn=$P", P),
    ("DeletePolicyVersion", "PolicyArn=$P VersionId=v1", P),
    ("DeleteRole", "RoleName=ops", R),
    ("DeleteRolePermissionsBoundary", "RoleName=ops", R),
    ("DeleteRolePolicy", "RoleName=ops PolicyName=x", R),
    ("DeleteServiceLinkedRole", "RoleName=ops", R),
    ("DeleteUser", "UserName=alice", U),
    ("DeleteUserPermissionsBoundary", "UserName=alice", U),
    ("DeleteUserPolicy", "UserName=alice PolicyName=x", U),
    ("DetachGroupPolicy", "GroupName=devs PolicyArn=$P", G),
    ("DetachRolePolicy", "RoleName=ops PolicyArn=$P", R),
    ("DetachUserPolicy", "UserName=alice PolicyArn=$P", U),
    ("GenerateCredentialReport", "", STAR),
    (
        "GenerateServiceLastAccessedDetails",
        "Arn=arn:aws:iam::000000000000:user/div/alice",
        U,
    ),
    ("GetCredentialReport", "", STAR),
    (
        "GetServiceLastAccessedDetails",
        "JobId=00000000-0000-0000-0000-000000000000",
        STAR,
    ),
    (
        "GetServiceLastAccessedDetailsWithEntities",
        "JobId=00000000-0000-0000-0000-000000000000 ServiceNamespace=iam",
        STAR,
    ),
    (
        "ListPoliciesGrantingServiceAccess",
        "Arn=arn:aws:iam::000000000000:user/div/alice ServiceNamespaces.member.1=iam",
        U,
    ),
    (
        "SimulatePrincipalPolicy",
        "PolicySourceArn=arn:aws:iam::000000000000:user/div/alice ActionNames.member.1=s3:GetObject",
        U,
    ),
    (
        "GetContextKeysForPrincipalPolicy",
        "PolicySourceArn=arn:aws:iam::000000000000:role/r/ops",
        R,
    ),
    (
        "SimulateCustomPolicy",
        "PolicyInputList.member.1=$DOC ActionNames.member.1=s3:GetObject CallerArn=arn:aws:iam::000000000000:user/div/alice",
        STAR,
    ),
    (
        "GetContextKeysForCustomPolicy",
        "PolicyInputList.member.1=$DOC",
        STAR,
    ),
    ("GetAccessKeyLastUsed", "AccessKeyId=$K", U),
    ("GetAccountAuthorizationDetails", "", STAR),
    ("GetAccountPasswordPolicy", "", STAR),
    ("GetAccountSummary", "", STAR),
    ("GetGroup", "GroupName=devs", G),
    ("GetGroupPolicy", "GroupName=devs PolicyName=x", G),
    ("GetInstanceProfile", "InstanceProfileName=prof", IP),
    ("GetLoginProfile", "", ME),
    (
        "GetPolicy",
        "PolicyArn=arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
    ),
    ("GetPolicyVersion", "PolicyArn=$P VersionId=v1", P),
    ("GetRole", "RoleName=ops", R),
    ("GetRolePolicy", "RoleName=ops PolicyName=x", R),
    (
        "GetServiceLinkedRoleDeletionStatus",
        "DeletionTaskId=task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/1a2b",
        "role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
    ),
    ("GetUser", "", ME),
    ("GetUserPolicy", "UserName=alice PolicyName=x", U),
    ("ListAccessKeys", "UserName=alice", U),
    ("ListAccountAliases", "", STAR),
    ("ListAttachedGroupPolicies", "GroupName=devs", G),
    ("ListAttachedRolePolicies", "RoleName=ops", R),
    ("ListAttachedUserPolicies", "UserName=alice", U),
    ("ListEntitiesForPolicy", "PolicyArn=$P", P),
    ("ListGroupPolicies", "GroupName=devs", G),
    ("ListGroups", "PathPrefix=/g/", "group/g/"),
    ("ListGroupsForUser", "UserName=alice", U),
    ("ListInstanceProfileTags", "InstanceProfileName=prof", IP),
    ("ListInstanceProfiles", "", "instance-profile/"),
    ("ListInstanceProfilesForRole", "RoleName=ops", R),
    ("ListPolicies", "", "policy path /"),
    ("ListPolicyTags", "PolicyArn=$P", P),
    ("ListPolicyVersions", "PolicyArn=$P", P),
    ("ListRolePolicies", "RoleName=ops", R),
    ("ListRoleTags", "RoleName=ops", R),
    (
        "ListRoles",
        "PathPrefix=/aws-service-role/",
        "role/aws-service-role/",
    ),
    ("ListUserPolicies", "UserName=alice", U),
    ("ListUserTags", "UserName=alice", U),
    ("ListUsers", "", "user/"),
    (
        "PutGroupPolicy",
        "GroupName=devs PolicyName=x PolicyDocument=$DOC",
        G,
    ),
    (
        "PutRolePermissionsBoundary",
        "RoleName=ops PermissionsBoundary=$P",
        R,
    ),
    (
        "PutRolePolicy",
        "RoleName=ops PolicyName=x PolicyDocument=$DOC",
        R,
    ),
    (
        "PutUserPermissionsBoundary",
        "UserName=alice PermissionsBoundary=$P",
        U,
    ),
    (
        "PutUserPolicy",
        "UserName=alice PolicyName=x PolicyDocument=$DOC",
        U,
    ),
    (
        "RemoveRoleFromInstanceProfile",
        "InstanceProfileName=prof RoleName=ops",
        IP,
    ),
    ("RemoveUserFromGroup", "GroupName=devs UserName=alice", G),
    ("SetDefaultPolicyVersion", "PolicyArn=$P VersionId=v1", P),
    (
        "TagInstanceProfile",
        "InstanceProfileName=prof Tags.member.1.Key=k Tags.member.1.Value=v",
        IP,
    ),
    (
        "TagPolicy",
        "PolicyArn=$P Tags.member.1.Key=k Tags.member.1.Value=v",
        P,
    ),
    (
        "TagRole",
        "RoleName=ops Tags.member.1.Key=k Tags.member.1.Value=v",
        R,
    ),
    (
        "TagUser",
        "UserName=alice Tags.member.1.Key=k Tags.member.1.Value=v",
        U,
    ),
    (
        "UntagInstanceProfile",
        "InstanceProfileName=prof TagKeys.member.1=k",
        IP,
    ),
    ("UntagPolicy", "PolicyArn=$P TagKeys.member.1=k", P),
    ("UntagRole", "RoleName=ops TagKeys.member.1=k", R),
    ("UntagUser", "UserName=alice TagKeys.member.1=k", U),
    ("UpdateAccessKey", "AccessKeyId=$CK Status=Active", ME),
    (
        "UpdateAccountPasswordPolicy",
        "MinimumPasswordLength=12",
        STAR,
    ),
    (
        "UpdateAssumeRolePolicy",
        "RoleName=ops PolicyDocument=$TRUST",
        R,
    ),
    ("UpdateGroup", "GroupName=devs", G),
    ("UpdateLoginProfile", "UserName=alice", U),
    ("UpdateRole", "RoleName=ops", R),
    ("UpdateRoleDescription", "RoleName=ops Description=d", R),
    (
        "AddClientIDToOpenIDConnectProvider",
        "OpenIDConnectProviderArn=arn:aws:iam::000000000000:oidc-provider/idp.example.com ClientID=c",
        OIDC,
    ),
    (
        "CreateOpenIDConnectProvider",
        "Url=https://idp.example.com",
        OIDC,
    ),
    (
        "CreateSAMLProvider",
        "Name=corp SAMLMetadataDocument=$SAML",
        SAML,
    ),
    (
        "DeleteOpenIDConnectProvider",
        "OpenIDConnectProviderArn=arn:aws:iam::000000000000:oidc-provider/idp.example.com",
        OIDC,
    ),
    (
        "DeleteSAMLProvider",
        "SAMLProviderArn=arn:aws:iam::000000000000:saml-provider/corp",
        SAML,
    ),
    (
        "GetOpenIDConnectProvider",
        "OpenIDConnectProviderArn=arn:aws:iam::000000000000:oidc-provider/idp.example.com",
        OIDC,
    ),
    (
        "GetSAMLProvider",
        "SAMLProviderArn=arn:aws:iam::000000000000:saml-provider/corp",
        SAML,
    ),
    (
        "ListOpenIDConnectProviderTags",
        "OpenIDConnectProviderArn=arn:aws:iam::000000000000:oidc-provider/idp.example.com",
        OIDC,
    ),
    ("ListOpenIDConnectProviders", "", STAR),
    (
        "ListSAMLProviderTags",
        "SAMLProviderArn=arn:aws:iam::000000000000:saml-provider/corp",
        SAML,
    ),
    ("ListSAMLProviders", "", STAR),
    (
        "RemoveClientIDFromOpenIDConnectProvider",
        "OpenIDConnectProviderArn=arn:aws:iam::000000000000:oidc-provider/idp.example.com ClientID=c",
        OIDC,
    ),
    (
        "TagOpenIDConnectProvider",
        "OpenIDConnectProviderArn=arn:aws:iam::000000000000:oidc-provider/idp.example.com Tags.member.1.Key=k Tags.member.1.Value=v",
        OIDC,
    ),
    (
        "TagSAMLProvider",
        "SAMLProviderArn=arn:aws:iam::000000000000:saml-provider/corp Tags.member.1.Key=k Tags.member.1.Value=v",
        SAML,
    ),
    (
        "UntagOpenIDConnectProvider",
        "OpenIDConnectProviderArn=arn:aws:iam::000000000000:oidc-provider/idp.example.com TagKeys.member.1=k",
        OIDC,
    ),
    (
        "UntagSAMLProvider",
        "SAMLProviderArn=arn:aws:iam::000000000000:saml-provider/corp TagKeys.member.1=k",
        SAML,
    ),
    (
        "UpdateOpenIDConnectProviderThumbprint",
        "OpenIDConnectProviderArn=arn:aws:iam::000000000000:oidc-provider/idp.example.com ThumbprintList.member.1=0123456789012345678901234567890123456789",
        OIDC,
    ),
    (
        "UpdateSAMLProvider",
        "SAMLProviderArn=arn:aws:iam::000000000000:saml-provider/corp SAMLMetadataDocument=$SAML",
        SAML,
    ),
    ("UpdateUser", "UserName=alice", U),
    // mfa devices
    (
        "CreateVirtualMFADevice",
        "VirtualMFADeviceName=phone Path=/x/",
        "mfa/x/phone",
    ),
    (
        "DeactivateMFADevice",
        "SerialNumber=arn:aws:iam::000000000000:mfa/phone",
        ME,
    ),
    (
        "DeleteVirtualMFADevice",
        "SerialNumber=arn:aws:iam::000000000000:mfa/phone",
        MFA,
    ),
    (
        "EnableMFADevice",
        "UserName=alice SerialNumber=arn:aws:iam::000000000000:mfa/phone AuthenticationCode1=123456 AuthenticationCode2=654321",
        U,
    ),
    (
        "GetMFADevice",
        "SerialNumber=arn:aws:iam::000000000000:mfa/phone",
        ME,
    ),
    (
        "ListMFADeviceTags",
        "SerialNumber=arn:aws:iam::000000000000:mfa/phone",
        MFA,
    ),
    ("ListMFADevices", "UserName=alice", U),
    ("ListVirtualMFADevices", "", "mfa/"),
    (
        "ResyncMFADevice",
        "UserName=alice SerialNumber=arn:aws:iam::000000000000:mfa/phone AuthenticationCode1=123456 AuthenticationCode2=654321",
        U,
    ),
    (
        "TagMFADevice",
        "SerialNumber=arn:aws:iam::000000000000:mfa/phone Tags.member.1.Key=k Tags.member.1.Value=v",
        MFA,
    ),
    (
        "UntagMFADevice",
        "SerialNumber=arn:aws:iam::000000000000:mfa/phone TagKeys.member.1=k",
        MFA,
    ),
];

/// The resource as AccessDenied shows it, and the ARN a policy names to allow it.
fn resource(shown: &str) -> (String, String) {
    if let Some(prefix) = shown.strip_prefix("policy path ") {
        let arn = format!("arn:aws:iam::{ACCOUNT}:policy{prefix}");
        return (shown.to_owned(), arn);
    }
    let full = if shown == STAR || shown.starts_with("arn:") {
        shown.to_owned()
    } else {
        format!("arn:aws:iam::{ACCOUNT}:{shown}")
    };
    (full.clone(), full)
}

/// One row on its own server: denied, then allowed by a policy naming exactly its action and
/// resource.
async fn check(operation: &'static str, params: &'static str, shown: &'static str) {
    let server = start().await;
    let keys = fixture(&server).await;
    let caller = Caller::new(&server, "caller").await;
    let params = params
        .replace("$P", &format!("arn:aws:iam::{ACCOUNT}:policy/p/pol"))
        .replace("$DOC", DOC)
        .replace("$TRUST", TRUST)
        .replace("$K", &keys)
        .replace("$CK", &caller.key)
        .replace("$SAML", &"x".repeat(1000));
    let pairs: Vec<(&str, &str)> = params
        .split_whitespace()
        .map(|pair| pair.split_once('=').expect("Name=value"))
        .collect();
    let (shown, arn) = resource(shown);
    let service = if is_sts(operation) { "sts" } else { "iam" };
    let action = format!("{service}:{operation}");

    let (status, body) = caller.call(operation, &pairs).await;
    denied_for_lack_of_identity_policy(status, &body, &action, &shown);

    allow(&server, "caller", &action, &arn).await;
    let (status, body) = caller.call(operation, &pairs).await;
    assert!(
        !body.contains("is not authorized to perform"),
        "{operation} with a policy allowing {action} on {arn}: {status} {body}"
    );
}

/// Whether `operation` is an STS one (signed for `sts`, under STS's API version).
fn is_sts(operation: &str) -> bool {
    localiam::protocol::Action::from_name(operation)
        .is_some_and(|a| a.service() == localiam::protocol::Service::Sts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_needs_its_action_on_its_resource() {
    let mut rows = JoinSet::new();
    for (operation, params, shown) in ROWS {
        rows.spawn(check(operation, params, shown));
    }
    while let Some(row) = rows.join_next().await {
        row.expect("row");
    }
}

#[test]
fn every_implemented_operation_has_a_row() {
    let dispatcher = include_str!("../../../src/actions/mod.rs");
    for action in localiam::protocol::Action::ALL {
        let name = action.name();
        let implemented = dispatcher.contains(&format!("Request::{name}("))
            || dispatcher.contains(&format!("Request::{name} =>"));
        let rows = ROWS.iter().filter(|(op, _, _)| *op == name).count();
        // These need no identity permission or are decided with a trust policy; they have their
        // own tests.
        let exempt = [
            "GetCallerIdentity",
            "GetSessionToken",
            "AssumeRole",
            "AssumeRoleWithWebIdentity",
            "AssumeRoleWithSAML",
        ]
        .contains(&name);
        let expected = usize::from(implemented && !exempt);
        assert_eq!(rows, expected, "{name}");
    }
}
