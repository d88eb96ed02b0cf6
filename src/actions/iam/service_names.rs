//! The `ServiceName` AWS shows beside a service namespace in last accessed reports.
//!
//! These display names are not in the Service Authorization Reference data localiam ships, so the
//! common services are listed here as AWS's reports name them; any other namespace is shown as
//! itself.

/// Namespace and name, sorted by namespace.
const NAMES: &[(&str, &str)] = &[
    ("access-analyzer", "IAM Access Analyzer"),
    ("account", "AWS Accounts"),
    ("acm", "AWS Certificate Manager"),
    ("apigateway", "Manage - Amazon API Gateway"),
    ("athena", "Amazon Athena"),
    ("autoscaling", "Amazon EC2 Auto Scaling"),
    ("backup", "AWS Backup"),
    ("batch", "AWS Batch"),
    ("cloudformation", "AWS CloudFormation"),
    ("cloudfront", "Amazon CloudFront"),
    ("cloudtrail", "AWS CloudTrail"),
    ("cloudwatch", "Amazon CloudWatch"),
    ("codebuild", "AWS CodeBuild"),
    ("codecommit", "AWS CodeCommit"),
    ("codedeploy", "AWS CodeDeploy"),
    ("codepipeline", "AWS CodePipeline"),
    ("cognito-identity", "Amazon Cognito Identity"),
    ("cognito-idp", "Amazon Cognito User Pools"),
    ("config", "AWS Config"),
    ("dynamodb", "Amazon DynamoDB"),
    ("ec2", "Amazon EC2"),
    ("ecr", "Amazon Elastic Container Registry"),
    ("ecs", "Amazon Elastic Container Service"),
    ("elasticache", "Amazon ElastiCache"),
    ("elasticfilesystem", "Amazon Elastic File System"),
    ("elasticloadbalancing", "Elastic Load Balancing"),
    ("es", "Amazon Elasticsearch Service"),
    ("events", "Amazon EventBridge"),
    ("execute-api", "Amazon API Gateway"),
    ("firehose", "Amazon Kinesis Firehose"),
    ("glue", "AWS Glue"),
    ("guardduty", "Amazon GuardDuty"),
    ("iam", "AWS Identity and Access Management"),
    ("kinesis", "Amazon Kinesis"),
    ("kms", "AWS Key Management Service"),
    ("lambda", "AWS Lambda"),
    ("logs", "Amazon CloudWatch Logs"),
    ("organizations", "AWS Organizations"),
    ("rds", "Amazon RDS"),
    ("redshift", "Amazon Redshift"),
    ("route53", "Amazon Route 53"),
    ("s3", "Amazon S3"),
    ("sagemaker", "Amazon SageMaker"),
    ("secretsmanager", "AWS Secrets Manager"),
    ("sns", "Amazon SNS"),
    ("sqs", "Amazon SQS"),
    ("ssm", "AWS Systems Manager"),
    ("states", "AWS Step Functions"),
    ("sts", "AWS Security Token Service"),
];

/// The display name of `namespace`.
pub fn service_name(namespace: &str) -> &str {
    NAMES
        .binary_search_by(|(ns, _)| (*ns).cmp(namespace))
        .ok()
        .and_then(|i| NAMES.get(i))
        .map_or(namespace, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_and_found() {
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(service_name("iam"), "AWS Identity and Access Management");
        assert_eq!(service_name("s3"), "Amazon S3");
        assert_eq!(service_name("nosuch"), "nosuch");
    }
}
