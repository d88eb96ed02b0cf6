//! STS GetCallerIdentity.

use crate::support::start;

#[tokio::test]
async fn root_identity() {
    let server = start().await;
    let id = server.sts().get_caller_identity().send().await.unwrap();
    assert_eq!(id.account(), Some("000000000000"));
    assert_eq!(id.arn(), Some("arn:aws:iam::000000000000:root"));
    let other = server
        .sts_as("123456789012", "test", None)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(
        other.account(),
        Some("123456789012"),
        "a 12-digit key id is that account's root"
    );
    assert!(server.state.store.access_keys.is_empty());
}

#[tokio::test]
async fn strict_mode_refuses_unknown_keys() {
    let mut config = localiam::config::Config::defaults();
    config.strict = true;
    let server = crate::support::start_with(config).await;
    let err = server
        .sts_as("AKIAUNKNOWNUNKNOWN00", "x", None)
        .get_caller_identity()
        .send()
        .await
        .unwrap_err();
    assert_eq!(crate::support::code(&err), "InvalidClientTokenId");
    assert!(
        server.sts().get_caller_identity().send().await.is_ok(),
        "test/test stays the root"
    );
    assert!(
        server
            .sts_as("123456789012", "test", None)
            .get_caller_identity()
            .send()
            .await
            .is_ok()
    );
}
