//! AssumeRoleWithWebIdentity end to end, IRSA style: a token minted by the built-in issuer over
//! HTTP, an IAM OIDC provider for it, a role trusting the provider on `sub` and `aud`, the call
//! made unsigned by aws-sdk-sts, and the session's credentials used.

use crate::support::{Server, code, message, start, start_with};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use localiam::config::Config;
use serde_json::{Value, json};

const ISSUER: &str = "https://localiam/oidc/eks";
const PROVIDER: &str = "arn:aws:iam::000000000000:oidc-provider/localiam/oidc/eks";
const ROLE: &str = "arn:aws:iam::000000000000:role/irsa";
const SUB: &str = "system:serviceaccount:default:app";
const AUD: &str = "sts.amazonaws.com";

/// A token from the built-in issuer `name` for `claims`.
async fn mint(server: &Server, name: &str, claims: Value) -> String {
    let response: Value = reqwest::Client::new()
        .post(format!("{}/_localiam/oidc/{name}/token", server.endpoint))
        .json(&claims)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    response["id_token"].as_str().unwrap().to_owned()
}

/// The provider for `url`, and the role `irsa` trusting it for `SUB` and `AUD`.
async fn setup(server: &Server, url: &str, provider_arn: &str) {
    let iam = server.iam();
    iam.create_open_id_connect_provider()
        .url(url)
        .client_id_list(AUD)
        .send()
        .await
        .unwrap();
    let prefix = url.trim_start_matches("https://");
    let trust = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Federated": provider_arn },
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": { "StringEquals": {
                format!("{prefix}:sub"): SUB,
                format!("{prefix}:aud"): AUD,
            }}
        }]
    });
    iam.create_role()
        .role_name("irsa")
        .assume_role_policy_document(trust.to_string())
        .send()
        .await
        .unwrap();
    iam.put_role_policy()
        .role_name("irsa")
        .policy_name("read")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
}

async fn assume(
    server: &Server,
    token: &str,
) -> Result<
    aws_sdk_sts::operation::assume_role_with_web_identity::AssumeRoleWithWebIdentityOutput,
    aws_sdk_sts::error::SdkError<
        aws_sdk_sts::operation::assume_role_with_web_identity::AssumeRoleWithWebIdentityError,
    >,
> {
    server
        .sts()
        .assume_role_with_web_identity()
        .role_arn(ROLE)
        .role_session_name("pod")
        .web_identity_token(token)
        .send()
        .await
}

#[tokio::test]
async fn a_token_from_the_builtin_issuer_assumes_the_role() {
    let server = start().await;
    setup(&server, ISSUER, PROVIDER).await;
    let token = mint(&server, "eks", json!({ "sub": SUB, "aud": AUD })).await;
    let out = assume(&server, &token).await.unwrap();
    assert_eq!(out.subject_from_web_identity_token(), Some(SUB));
    assert_eq!(out.audience(), Some(AUD));
    assert_eq!(out.provider(), Some(ISSUER));
    let user = out.assumed_role_user().unwrap();
    assert_eq!(
        user.arn(),
        "arn:aws:sts::000000000000:assumed-role/irsa/pod"
    );
    assert!(user.assumed_role_id().ends_with(":pod"));
    let creds = out.credentials().unwrap();
    assert!(creds.access_key_id().starts_with("ASIA"));

    let sts = server.sts_as(
        creds.access_key_id(),
        creds.secret_access_key(),
        Some(creds.session_token().to_owned()),
    );
    let me = sts.get_caller_identity().send().await.unwrap();
    assert_eq!(
        me.arn(),
        Some("arn:aws:sts::000000000000:assumed-role/irsa/pod")
    );
    let iam = server.iam_as(
        creds.access_key_id(),
        creds.secret_access_key(),
        Some(creds.session_token().to_owned()),
    );
    iam.list_roles().send().await.unwrap();
    let err = iam.list_users().send().await.unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
}

#[tokio::test]
async fn tokens_that_do_not_fit_are_refused() {
    let server = start().await;
    setup(&server, ISSUER, PROVIDER).await;

    let wrong_audience = mint(&server, "eks", json!({ "sub": SUB, "aud": "other" })).await;
    let err = assume(&server, &wrong_audience).await.unwrap_err();
    assert_eq!(code(&err), "InvalidIdentityToken");
    assert_eq!(message(&err), "Incorrect token audience");

    let no_audience = mint(&server, "eks", json!({ "sub": SUB })).await;
    let err = assume(&server, &no_audience).await.unwrap_err();
    assert_eq!(message(&err), "Missing a required claim: aud");

    let wrong_subject = mint(&server, "eks", json!({ "sub": "someone-else", "aud": AUD })).await;
    let err = assume(&server, &wrong_subject).await.unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    assert_eq!(
        message(&err),
        "Not authorized to perform sts:AssumeRoleWithWebIdentity"
    );
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 403);

    let now = chrono::Utc::now().timestamp();
    let expired = mint(
        &server,
        "eks",
        json!({ "sub": SUB, "aud": AUD, "exp": now - 10 }),
    )
    .await;
    let err = assume(&server, &expired).await.unwrap_err();
    assert_eq!(code(&err), "ExpiredTokenException");
    assert!(message(&err).starts_with("Token expired: current date/time "));

    let early = mint(
        &server,
        "eks",
        json!({ "sub": SUB, "aud": AUD, "nbf": now + 600 }),
    )
    .await;
    let err = assume(&server, &early).await.unwrap_err();
    assert_eq!(code(&err), "InvalidIdentityToken");

    // The payload changed after signing: the signature no longer verifies.
    let token = mint(&server, "eks", json!({ "sub": "someone-else", "aud": AUD })).await;
    let mut parts: Vec<&str> = token.split('.').collect();
    let forged = URL_SAFE_NO_PAD
        .encode(json!({ "sub": SUB, "aud": AUD, "iss": ISSUER, "exp": now + 600 }).to_string());
    parts[1] = &forged;
    let err = assume(&server, &parts.join(".")).await.unwrap_err();
    assert_eq!(code(&err), "InvalidIdentityToken");

    // Signed by another built-in issuer while claiming this one.
    let other = mint(
        &server,
        "other",
        json!({ "sub": SUB, "aud": AUD, "iss": ISSUER }),
    )
    .await;
    let err = assume(&server, &other).await.unwrap_err();
    assert_eq!(code(&err), "InvalidIdentityToken");

    let unregistered = mint(&server, "other", json!({ "sub": SUB, "aud": AUD })).await;
    let err = assume(&server, &unregistered).await.unwrap_err();
    assert_eq!(code(&err), "InvalidIdentityToken");
    assert_eq!(
        message(&err),
        "No OpenIDConnect provider found in your account for https://localiam/oidc/other"
    );

    let err = assume(&server, "not-a-jwt").await.unwrap_err();
    assert_eq!(code(&err), "InvalidIdentityToken");
}

#[tokio::test]
async fn the_issuer_serves_discovery_and_keys() {
    let server = start().await;
    let http = reqwest::Client::new();
    let base = format!("{}/_localiam/oidc/ci", server.endpoint);
    let discovery: Value = http
        .get(format!("{base}/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(discovery["issuer"], "https://localiam/oidc/ci");
    assert!(
        discovery["jwks_uri"]
            .as_str()
            .unwrap()
            .ends_with("/_localiam/oidc/ci/jwks")
    );
    let keys: Value = http
        .get(format!("{base}/jwks"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(keys["keys"][0]["kty"], "EC");
    assert_eq!(keys["keys"][0]["alg"], "ES256");
    let refused = http
        .post(format!("{base}/token"))
        .body("[1,2]")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 400);
}

/// A token of an issuer localiam holds no key for (its signature is not checked).
fn foreign_token(iss: &str) -> String {
    let exp = chrono::Utc::now().timestamp() + 600;
    let part = |v: Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.{}",
        part(json!({ "alg": "RS256", "kid": "remote" })),
        part(json!({ "iss": iss, "sub": SUB, "aud": AUD, "exp": exp })),
        URL_SAFE_NO_PAD.encode("signature")
    )
}

#[tokio::test]
async fn tokens_of_other_issuers_pass_unverified_unless_strict() {
    let github = "https://token.actions.githubusercontent.com";
    let arn = "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com";
    let server = start().await;
    setup(&server, github, arn).await;
    assume(&server, &foreign_token(github)).await.unwrap();

    let mut config = Config::defaults();
    config.strict = true;
    let strict = start_with(config).await;
    setup(&strict, github, arn).await;
    let err = assume(&strict, &foreign_token(github)).await.unwrap_err();
    assert_eq!(code(&err), "InvalidIdentityToken");
}

#[tokio::test]
async fn session_tags_from_the_token_need_tag_session_and_become_principal_tags() {
    let server = start().await;
    setup(&server, ISSUER, PROVIDER).await;
    let tagged = |team: &str| {
        json!({
            "sub": SUB,
            "aud": AUD,
            "https://aws.amazon.com/tags": {
                "principal_tags": { "team": [team], "env": ["ci"] },
                "transitive_tag_keys": ["team"]
            }
        })
    };
    let token = mint(&server, "eks", tagged("blue")).await;
    // The trust policy does not allow sts:TagSession.
    let err = assume(&server, &token).await.unwrap_err();
    assert_eq!(code(&err), "AccessDenied");

    let trust = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Federated": PROVIDER },
            "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
            "Condition": { "StringEquals": { "aws:RequestTag/env": "ci" } }
        }]
    });
    let iam = server.iam();
    iam.update_assume_role_policy()
        .role_name("irsa")
        .policy_document(trust.to_string())
        .send()
        .await
        .unwrap();
    iam.put_role_policy()
        .role_name("irsa")
        .policy_name("read")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}]}"#,
        )
        .send()
        .await
        .unwrap();

    for (team, allowed) in [("blue", true), ("red", false)] {
        let token = mint(&server, "eks", tagged(team)).await;
        let out = assume(&server, &token).await.unwrap();
        // The tags count in the packed size (the SDK marks the field deprecated; STS still
        // sends it).
        #[expect(deprecated, reason = "PackedPolicySize is still on the wire")]
        let packed = out.packed_policy_size();
        assert!(packed.is_some_and(|size| size > 0));
        let creds = out.credentials().unwrap();
        let session = server.iam_as(
            creds.access_key_id(),
            creds.secret_access_key(),
            Some(creds.session_token().to_owned()),
        );
        assert_eq!(session.list_roles().send().await.is_ok(), allowed, "{team}");
    }

    let bad = json!({
        "sub": SUB,
        "aud": AUD,
        "https://aws.amazon.com/tags": { "principal_tags": { "team": "blue" } }
    });
    let token = mint(&server, "eks", bad).await;
    let err = assume(&server, &token).await.unwrap_err();
    assert_eq!(code(&err), "InvalidIdentityToken");
}
