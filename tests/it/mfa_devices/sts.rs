//! MFA through STS: GetSessionToken and AssumeRole with SerialNumber + TokenCode checked by real
//! TOTP under the manual clock — one step of skew accepted, a used or wrong code refused — and
//! sessions that carry aws:MultiFactorAuthPresent.

use super::Fixture;
use crate::support::{code, message};
use localiam::mfa::totp;

const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// The user `name`, allowed everything, with an enabled device; its key, secret, serial, seed.
async fn user_with_device(f: &Fixture, name: &str) -> (String, String, String, Vec<u8>) {
    f.user(name).await;
    f.iam()
        .put_user_policy()
        .user_name(name)
        .policy_name("all")
        .policy_document(ALLOW_ALL)
        .send()
        .await
        .unwrap();
    let key = f
        .iam()
        .create_access_key()
        .user_name(name)
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let (serial, seed) = f.device(&format!("{name}-phone")).await;
    f.enable(name, &serial, &seed).await;
    (key.access_key_id, key.secret_access_key, serial, seed)
}

#[tokio::test]
async fn session_tokens_check_codes_by_totp() {
    let f = Fixture::new().await;
    let (key, secret, serial, seed) = user_with_device(&f, "carol").await;
    let enabled_at = f.step();
    // Enabling used this step and the next; three steps on, the code of one step back still
    // passes (one step of tolerance).
    f.clock.advance(chrono::TimeDelta::seconds(90));
    let sts = f.server.sts_as(&key, &secret, None);
    let ask = |code: String| {
        sts.get_session_token()
            .serial_number(&serial)
            .token_code(code)
            .send()
    };
    let behind = totp::code_text(&seed, f.step() - 1);
    assert!(f.step() - 1 > enabled_at + 1);
    let credentials = ask(behind.clone()).await.unwrap().credentials.unwrap();
    // With MFA, the session may call IAM.
    let iam = f.server.iam_as(
        &credentials.access_key_id,
        &credentials.secret_access_key,
        Some(credentials.session_token.clone()),
    );
    iam.list_users().send().await.unwrap();

    let err = ask(behind).await.unwrap_err();
    assert_eq!(code(&err), "AccessDenied", "a code is accepted once");
    assert_eq!(
        message(&err),
        "MultiFactorAuthentication failed with invalid MFA one time pass code."
    );
    let wrong = totp::code_text(&seed, f.step() + 5);
    assert_eq!(code(&ask(wrong).await.unwrap_err()), "AccessDenied");
    let err = sts
        .get_session_token()
        .serial_number(&serial)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        message(&err),
        "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code."
    );
    let now = totp::code_text(&seed, f.step());
    ask(now).await.unwrap();
}

#[tokio::test]
async fn a_role_can_require_mfa() {
    let f = Fixture::new().await;
    let (key, secret, serial, seed) = user_with_device(&f, "dave").await;
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#;
    let arn = f
        .iam()
        .create_role()
        .role_name("admin")
        .assume_role_policy_document(trust)
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    let sts = f.server.sts_as(&key, &secret, None);
    let err = sts
        .assume_role()
        .role_arn(&arn)
        .role_session_name("no-mfa")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    f.clock.advance(chrono::TimeDelta::seconds(60));
    let out = sts
        .assume_role()
        .role_arn(&arn)
        .role_session_name("with-mfa")
        .serial_number(&serial)
        .token_code(totp::code_text(&seed, f.step()))
        .send()
        .await
        .unwrap();
    assert!(out.credentials.is_some());
}
