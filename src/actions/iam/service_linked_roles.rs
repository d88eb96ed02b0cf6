//! Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole,
//! GetServiceLinkedRoleDeletionStatus.

use super::common::key;
use super::documents::{self, DocKind};
use super::policy_refs;
use super::roles::{self, NewRole};
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::AccountState;

/// Role names AWS gives the service-linked roles of well-known services (`AWSServiceRoleFor` +
/// this), and whether the service takes a `CustomSuffix`. Taken from the role ARNs AWS publishes
/// in its managed policies and documentation; other services get a name derived from theirs.
const KNOWN: &[(&str, &str, bool)] = &[
    ("access-analyzer.amazonaws.com", "AccessAnalyzer", true),
    ("acm.amazonaws.com", "CertificateManager", true),
    ("airflow.amazonaws.com", "AmazonMWAA", true),
    ("autoscaling.amazonaws.com", "AutoScaling", true),
    ("backup.amazonaws.com", "Backup", true),
    ("cloudtrail.amazonaws.com", "CloudTrail", true),
    ("cognito-idp.amazonaws.com", "AmazonCognitoIdp", true),
    ("config.amazonaws.com", "Config", true),
    ("dax.amazonaws.com", "DAX", true),
    (
        "dynamodb.application-autoscaling.amazonaws.com",
        "ApplicationAutoScaling_DynamoDBTable",
        true,
    ),
    (
        "ec2.application-autoscaling.amazonaws.com",
        "ApplicationAutoScaling_EC2SpotFleetRequest",
        true,
    ),
    ("ecs.amazonaws.com", "ECS", false),
    (
        "ecs.application-autoscaling.amazonaws.com",
        "ApplicationAutoScaling_ECSService",
        true,
    ),
    ("eks.amazonaws.com", "AmazonEKS", true),
    ("eks-nodegroup.amazonaws.com", "AmazonEKSNodegroup", true),
    ("elasticache.amazonaws.com", "ElastiCache", true),
    ("elasticbeanstalk.amazonaws.com", "ElasticBeanstalk", true),
    (
        "elasticloadbalancing.amazonaws.com",
        "ElasticLoadBalancing",
        true,
    ),
    ("elasticmapreduce.amazonaws.com", "EMRCleanup", true),
    ("emr-containers.amazonaws.com", "AmazonEMRContainers", true),
    ("es.amazonaws.com", "AmazonElasticsearchService", false),
    ("events.amazonaws.com", "CloudWatchEvents", true),
    ("fms.amazonaws.com", "FMS", true),
    ("guardduty.amazonaws.com", "AmazonGuardDuty", true),
    ("inspector.amazonaws.com", "AmazonInspector", true),
    ("kafka.amazonaws.com", "Kafka", true),
    (
        "lakeformation.amazonaws.com",
        "LakeFormationDataAccess",
        true,
    ),
    ("lex.amazonaws.com", "LexBots", true),
    ("macie.amazonaws.com", "AmazonMacie", true),
    ("ops.apigateway.amazonaws.com", "APIGateway", true),
    (
        "opensearchservice.amazonaws.com",
        "AmazonOpenSearchService",
        true,
    ),
    ("organizations.amazonaws.com", "Organizations", true),
    ("rds.amazonaws.com", "RDS", true),
    ("redshift.amazonaws.com", "Redshift", true),
    (
        "replication.dynamodb.amazonaws.com",
        "DynamoDBReplication",
        true,
    ),
    ("sagemaker.amazonaws.com", "AmazonSageMakerNotebooks", true),
    (
        "sagemaker.application-autoscaling.amazonaws.com",
        "ApplicationAutoScaling_SageMakerEndpoint",
        true,
    ),
    ("securityhub.amazonaws.com", "SecurityHub", true),
    ("servicequotas.amazonaws.com", "ServiceQuotas", true),
    ("spot.amazonaws.com", "EC2Spot", true),
    ("spotfleet.amazonaws.com", "EC2SpotFleet", true),
    ("ssm.amazonaws.com", "AmazonSSM", true),
    ("sso.amazonaws.com", "SSO", true),
    ("support.amazonaws.com", "Support", true),
    ("transitgateway.amazonaws.com", "VPCTransitGateway", true),
    ("trustedadvisor.amazonaws.com", "TrustedAdvisor", true),
];

/// The longest role name IAM accepts.
const MAX_ROLE_NAME: usize = 64;

/// The service part of the role name, and whether a suffix is allowed. For a service not in the
/// table: its labels before `.amazonaws.com`, parent first (AWS's own sub-service roles read
/// `ConfigRemediation`, `TrustedAdvisorReporting`), each capitalized at `-` boundaries.
fn service_part(service: &str) -> (String, bool) {
    if let Some((_, name, suffix)) = KNOWN.iter().find(|(s, _, _)| *s == service) {
        return ((*name).to_string(), *suffix);
    }
    let base = service.strip_suffix(".amazonaws.com").unwrap_or(service);
    let name = base
        .rsplit('.')
        .flat_map(|label| label.split('-'))
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    (name, true)
}

/// The name AWS gives the service-linked role of `service`: `AWSServiceRoleFor` and the
/// service's part, then `_` and the custom suffix if one is given.
pub fn role_name(service: &str, suffix: Option<&str>) -> String {
    let part = service_part(service).0;
    match suffix {
        Some(suffix) => format!("AWSServiceRoleFor{part}_{suffix}"),
        None => format!("AWSServiceRoleFor{part}"),
    }
}

/// The path of every service-linked role of `service`.
pub fn role_path(service: &str) -> String {
    format!("/aws-service-role/{service}/")
}

/// The trust policy of a service-linked role: only its service may assume it.
fn trust_policy(service: &str) -> String {
    // Service principals match `[\w+=,.@-]+` (the model checks), so no JSON escaping is needed.
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{service}"}},"Action":"sts:AssumeRole"}}]}}"#
    )
}

/// `CreateServiceLinkedRole`.
pub fn create_service_linked_role(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::CreateServiceLinkedRoleRequest,
) -> Result<iam::CreateServiceLinkedRoleResponse, ApiError> {
    let service = input.aws_service_name;
    if input.custom_suffix.is_some() && !service_part(&service).1 {
        return Err(ApiError::invalid_input(format!(
            "Custom suffix is not allowed for {service}"
        )));
    }
    let name = role_name(&service, input.custom_suffix.as_deref());
    if name.len() > MAX_ROLE_NAME {
        return Err(ApiError::invalid_input(format!(
            "Service role name {name} is longer than {MAX_ROLE_NAME} characters, please try a shorter suffix."
        )));
    }
    // AWS reports a taken name as InvalidInput here, not EntityAlreadyExists.
    if account.roles.contains_key(&key(&name)) {
        return Err(ApiError::invalid_input(format!(
            "Service role name {name} has been taken in this account, please try a different suffix."
        )));
    }
    roles::check_new(cx, account, &name)?;
    let path = role_path(&service);
    let trust = documents::validate(
        &trust_policy(&service),
        DocKind::Trust,
        &account.arn("role", &path, &name),
    )?;
    let role = roles::insert(
        cx,
        account,
        NewRole {
            name,
            path,
            trust,
            description: input.description,
            max_session_duration: 3600,
            permissions_boundary: None,
            tags: Vec::new(),
            service_linked: Some(service),
        },
    );
    Ok(iam::CreateServiceLinkedRoleResponse { role: Some(role) })
}

/// A random RFC 4122 version 4 UUID, as AWS's task ids end with.
fn uuid_v4() -> String {
    let n: u128 = rand::random();
    let n = (n & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let hex = format!("{n:032x}");
    let part = |from: usize, to: usize| hex.get(from..to).unwrap_or_default();
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}

/// `DeleteServiceLinkedRole`: the role goes at once and its deletion task has succeeded, since
/// no service here uses it.
pub fn delete_service_linked_role(
    account: &mut AccountState,
    input: iam::DeleteServiceLinkedRoleRequest,
) -> Result<iam::DeleteServiceLinkedRoleResponse, ApiError> {
    let role = roles::find(account, &input.role_name)?;
    let Some(service) = role.service_linked.clone() else {
        return Err(ApiError::no_such_entity(format!(
            "The role with name {} is not a service-linked role.",
            role.name
        )));
    };
    let task = format!(
        "task/aws-service-role/{service}/{}/{}",
        role.name,
        uuid_v4()
    );
    let Some(role) = account.roles.remove(&key(&input.role_name)) else {
        return Err(super::common::no_such("role", &input.role_name));
    };
    for arn in &role.attached_policies {
        policy_refs::count_attachment(account, arn, -1);
    }
    account.deletion_tasks.insert(task.clone());
    Ok(iam::DeleteServiceLinkedRoleResponse {
        deletion_task_id: task,
    })
}

/// `GetServiceLinkedRoleDeletionStatus`: SUCCEEDED for every task this account was given.
pub fn get_service_linked_role_deletion_status(
    account: &AccountState,
    input: iam::GetServiceLinkedRoleDeletionStatusRequest,
) -> Result<iam::GetServiceLinkedRoleDeletionStatusResponse, ApiError> {
    if !account.deletion_tasks.contains(&input.deletion_task_id) {
        return Err(ApiError::no_such_entity(format!(
            "Deletion task {} cannot be found.",
            input.deletion_task_id
        )));
    }
    Ok(iam::GetServiceLinkedRoleDeletionStatusResponse {
        status: iam::DeletionTaskStatusType::Succeeded,
        reason: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_known_and_unknown_services() {
        assert_eq!(
            service_part("elasticbeanstalk.amazonaws.com").0,
            "ElasticBeanstalk"
        );
        assert_eq!(
            service_part("ecs.amazonaws.com"),
            ("ECS".to_string(), false)
        );
        assert_eq!(
            service_part("remediation.config.amazonaws.com").0,
            "ConfigRemediation"
        );
        assert_eq!(service_part("vpc-lattice.amazonaws.com").0, "VpcLattice");
    }

    #[test]
    fn uuids_are_version_4() {
        let id = uuid_v4();
        assert_eq!(id.len(), 36);
        assert_eq!(id.get(14..15), Some("4"));
        assert!(matches!(id.get(19..20), Some("8" | "9" | "a" | "b")));
    }
}
