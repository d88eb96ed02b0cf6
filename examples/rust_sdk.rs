//! localiam from the Rust SDK: a user with one policy, its own keys, one allowed call and one
//! AccessDenied.
//!
//! ```sh
//! cargo run --release &                      # localiam on 127.0.0.1:4566
//! AWS_ENDPOINT_URL=http://127.0.0.1:4566 cargo run --example rust_sdk
//! ```
//!
//! The SDK reads `AWS_ENDPOINT_URL` itself; the root credentials `test`/`test` are set here so
//! the example runs the same on any machine.

use aws_config::{BehaviorVersion, Region};
use aws_credential_types::Credentials;
use aws_sdk_iam::error::ProvideErrorMetadata as _;

const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]
}"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = client(Credentials::new(
        "test",
        "test",
        None,
        None,
        "localiam-root",
    ))
    .await;

    root.create_user().user_name("app").send().await?;
    root.put_user_policy()
        .user_name("app")
        .policy_name("list-users")
        .policy_document(POLICY)
        .send()
        .await?;
    let key = root
        .create_access_key()
        .user_name("app")
        .send()
        .await?
        .access_key
        .ok_or("CreateAccessKey returned no key")?;
    println!("created user app with key {}", key.access_key_id);

    let app = client(Credentials::new(
        key.access_key_id,
        key.secret_access_key,
        None,
        None,
        "localiam-app",
    ))
    .await;
    let users = app.list_users().send().await?;
    println!(
        "allowed: iam:ListUsers returned {} user(s)",
        users.users.len()
    );

    match app.create_user().user_name("mallory").send().await {
        Ok(_) => Err("iam:CreateUser was allowed, but the policy does not grant it".into()),
        Err(e) => {
            let e = e.into_service_error();
            println!(
                "denied: iam:CreateUser -> {}: {}",
                e.code().unwrap_or_default(),
                e.message().unwrap_or_default()
            );
            Ok(())
        }
    }
}

/// An IAM client with these credentials; the endpoint comes from `AWS_ENDPOINT_URL`.
async fn client(credentials: Credentials) -> aws_sdk_iam::Client {
    let config = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials)
        .load()
        .await;
    aws_sdk_iam::Client::new(&config)
}
