//! Decides whether a user may read an object, and explains why.
//!
//! `cargo run -p iam-policy --example evaluate`

use iam_policy::parse::PolicyKind;
use iam_policy::{
    CompiledPolicy, Context, Policies, PolicySource, PrincipalType, Request, RequestPrincipal,
    SourceType, explain,
};

const IDENTITY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OwnHomeFolder",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::team-bucket/home/${aws:username}/*"
    },
    {
      "Sid": "OnlyFromTheOffice",
      "Effect": "Deny",
      "Action": "*",
      "Resource": "*",
      "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    }
  ]
}"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let policy = CompiledPolicy::compile(
        IDENTITY,
        PolicyKind::Identity,
        PolicySource {
            id: "HomeFolders".to_owned(),
            source_type: SourceType::UserManaged,
        },
    )?;
    let principal = RequestPrincipal {
        arn: "arn:aws:iam::111122223333:user/alice".to_owned(),
        account: "111122223333".to_owned(),
        principal_type: PrincipalType::User,
        source_arn: None,
    };
    let identity = [&policy];
    let policies = Policies {
        identity: &identity,
        ..Policies::default()
    };
    for source_ip in ["203.0.113.7", "198.51.100.1"] {
        let mut context = Context::new();
        context.insert("aws:username", "alice");
        context.insert("aws:SourceIp", source_ip);
        let request = Request {
            principal: &principal,
            action: "s3:GetObject",
            resource: "arn:aws:s3:::team-bucket/home/alice/notes.txt",
            context: &context,
        };
        let explanation = explain(&policies, &request);
        println!("from {source_ip}: {}", explanation.decision.as_str());
        for matched in &explanation.matched {
            println!(
                "  {:?} statement {} of {} at line {}",
                matched.effect,
                matched.sid.as_deref().unwrap_or("-"),
                matched.source_id,
                matched.span.start.line
            );
        }
    }
    Ok(())
}
