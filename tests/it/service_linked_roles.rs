//! Service-linked roles: create, protection, delete and deletion status.

use crate::roles::{TRUST, decode, role};
use crate::support::{code, message, start, status};
use aws_sdk_iam::types::DeletionTaskStatusType;

#[tokio::test]
async fn service_linked_roles() {
    let server = start().await;
    let iam = server.iam();
    let created = iam
        .create_service_linked_role()
        .aws_service_name("elasticbeanstalk.amazonaws.com")
        .description("beanstalk")
        .send()
        .await
        .unwrap();
    let r = created.role().unwrap();
    assert_eq!(r.role_name(), "AWSServiceRoleForElasticBeanstalk");
    assert_eq!(
        r.path(),
        "/aws-service-role/elasticbeanstalk.amazonaws.com/"
    );
    assert_eq!(
        r.arn(),
        "arn:aws:iam::000000000000:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"
    );
    let trust: serde_json::Value =
        serde_json::from_str(&decode(r.assume_role_policy_document().unwrap())).unwrap();
    assert_eq!(
        trust["Statement"][0]["Principal"]["Service"],
        "elasticbeanstalk.amazonaws.com"
    );
    assert_eq!(trust["Statement"][0]["Action"], "sts:AssumeRole");

    let suffixed = iam
        .create_service_linked_role()
        .aws_service_name("autoscaling.amazonaws.com")
        .custom_suffix("blue")
        .send()
        .await
        .unwrap();
    assert_eq!(
        suffixed.role().unwrap().role_name(),
        "AWSServiceRoleForAutoScaling_blue"
    );
    let derived = iam
        .create_service_linked_role()
        .aws_service_name("remediation.config.amazonaws.com")
        .send()
        .await
        .unwrap();
    assert_eq!(
        derived.role().unwrap().role_name(),
        "AWSServiceRoleForConfigRemediation"
    );

    let err = iam
        .create_service_linked_role()
        .aws_service_name("elasticbeanstalk.amazonaws.com")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    assert_eq!(status(&err), 400);
    assert_eq!(
        message(&err),
        "Service role name AWSServiceRoleForElasticBeanstalk has been taken in this account, please try a different suffix."
    );
    let err = iam
        .create_service_linked_role()
        .aws_service_name("es.amazonaws.com")
        .custom_suffix("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        message(&err),
        "Custom suffix is not allowed for es.amazonaws.com"
    );

    // Only the service may change its role.
    let name = "AWSServiceRoleForElasticBeanstalk";
    let protected = "Cannot perform the operation on the protected role 'AWSServiceRoleForElasticBeanstalk' - this role is only modifiable by AWS";
    let err = iam.delete_role().role_name(name).send().await.unwrap_err();
    assert_eq!(code(&err), "UnmodifiableEntity");
    assert_eq!(status(&err), 400);
    assert_eq!(message(&err), protected);
    let err = iam
        .put_role_policy()
        .role_name(name)
        .policy_name("x")
        .policy_document("{}")
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), protected);
    let err = iam
        .update_assume_role_policy()
        .role_name(name)
        .policy_document(TRUST)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "UnmodifiableEntity");
    iam.update_role_description()
        .role_name(name)
        .description("editable")
        .send()
        .await
        .unwrap();

    let deleted = iam
        .delete_service_linked_role()
        .role_name(name)
        .send()
        .await
        .unwrap();
    let task = deleted.deletion_task_id();
    let prefix = format!("task/aws-service-role/elasticbeanstalk.amazonaws.com/{name}/");
    assert!(task.starts_with(&prefix), "{task}");
    assert_eq!(task.len(), prefix.len() + 36);
    let err = iam.get_role().role_name(name).send().await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let state = iam
        .get_service_linked_role_deletion_status()
        .deletion_task_id(task)
        .send()
        .await
        .unwrap();
    assert_eq!(state.status(), &DeletionTaskStatusType::Succeeded);
    assert!(state.reason().is_none());

    let err = iam
        .get_service_linked_role_deletion_status()
        .deletion_task_id(format!("{prefix}00000000-0000-4000-8000-000000000000"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    let err = iam
        .delete_service_linked_role()
        .role_name(name)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        message(&err),
        format!("The role with name {name} cannot be found.")
    );
    role(&iam, "plain").await;
    let err = iam
        .delete_service_linked_role()
        .role_name("plain")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    iam.get_role().role_name("plain").send().await.unwrap();
}
