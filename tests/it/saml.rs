//! AssumeRoleWithSAML end to end: a SAML provider made from the built-in identity provider's
//! metadata, a role trusting it, a signed response minted over HTTP, the call made unsigned by
//! aws-sdk-sts, and the session's credentials used. Also a response signed once by python
//! signxml (tests/fixtures/saml).

use crate::support::{Server, code, message, start, status};
use aws_sdk_sts::operation::assume_role_with_saml::{
    AssumeRoleWithSAMLError, AssumeRoleWithSamlOutput,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use sha1::Digest as _;

const PROVIDER: &str = "arn:aws:iam::000000000000:saml-provider/corp";
const ROLE: &str = "arn:aws:iam::000000000000:role/federated";
const SIGN_IN: &str = "https://signin.aws.amazon.com/saml";

type Outcome = Result<
    AssumeRoleWithSamlOutput,
    aws_sdk_sts::error::SdkError<AssumeRoleWithSAMLError, aws_sdk_sts::config::http::HttpResponse>,
>;

/// A signed response from built-in identity provider `idp`; `extra` adds to or replaces the
/// defaults (this role and provider, session name `alice`, subject `alice@example.com`).
async fn mint(server: &Server, idp: &str, extra: Value) -> String {
    let mut body = json!({
        "role_arn": ROLE,
        "provider_arn": PROVIDER,
        "session_name": "alice",
        "subject": "alice@example.com",
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let response = reqwest::Client::new()
        .post(format!(
            "{}/_localiam/saml/{idp}/assertion",
            server.endpoint
        ))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let out: Value = response.json().await.unwrap();
    out["saml_assertion"].as_str().unwrap().to_owned()
}

async fn metadata(server: &Server, idp: &str) -> String {
    reqwest::get(format!("{}/_localiam/saml/{idp}/metadata", server.endpoint))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Role `name` trusting `provider` for `actions` under `condition`, allowed iam:ListRoles when
/// the session's `Project` tag is `blue` and iam:ListUsers always.
async fn role(server: &Server, name: &str, provider: &str, actions: &[&str], condition: Value) {
    let trust = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Federated": provider },
            "Action": actions,
            "Condition": condition,
        }]
    });
    let iam = server.iam();
    iam.create_role()
        .role_name(name)
        .assume_role_policy_document(trust.to_string())
        .send()
        .await
        .unwrap();
    let permissions = json!({
        "Version": "2012-10-17",
        "Statement": [
            { "Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*" },
            { "Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*",
              "Condition": { "StringEquals": { "aws:PrincipalTag/Project": "blue" } } },
        ]
    });
    iam.put_role_policy()
        .role_name(name)
        .policy_name("p")
        .policy_document(permissions.to_string())
        .send()
        .await
        .unwrap();
}

/// The provider `corp` from the built-in `corp` metadata and the role `federated` trusting it on
/// `saml:aud`.
async fn setup(server: &Server) {
    let document = metadata(server, "corp").await;
    server
        .iam()
        .create_saml_provider()
        .name("corp")
        .saml_metadata_document(document)
        .send()
        .await
        .unwrap();
    role(
        server,
        "federated",
        PROVIDER,
        &["sts:AssumeRoleWithSAML"],
        json!({ "StringEquals": { "saml:aud": SIGN_IN } }),
    )
    .await;
}

async fn assume_as(server: &Server, role_arn: &str, provider: &str, assertion: &str) -> Outcome {
    server
        .sts()
        .assume_role_with_saml()
        .role_arn(role_arn)
        .principal_arn(provider)
        .saml_assertion(assertion)
        .send()
        .await
}

async fn assume(server: &Server, assertion: &str) -> Outcome {
    assume_as(server, ROLE, PROVIDER, assertion).await
}

fn refused(outcome: Outcome, expected_code: &str, expected_message: &str, expected_status: u16) {
    let err = outcome.unwrap_err();
    assert_eq!(code(&err), expected_code, "{err:?}");
    assert_eq!(message(&err), expected_message);
    assert_eq!(status(&err), expected_status);
}

#[tokio::test]
async fn an_assertion_from_the_builtin_idp_assumes_the_role() {
    let server = start().await;
    setup(&server).await;
    for sign in ["assertion", "response"] {
        let assertion = mint(&server, "corp", json!({ "sign": sign })).await;
        let out = assume(&server, &assertion).await.unwrap();
        assert_eq!(out.subject(), Some("alice@example.com"));
        assert_eq!(out.subject_type(), Some("persistent"));
        assert_eq!(out.issuer(), Some("https://localiam/saml/corp"));
        assert_eq!(out.audience(), Some(SIGN_IN));
        let qualifier = STANDARD.encode(sha1::Sha1::digest(
            "https://localiam/saml/corp000000000000/corp",
        ));
        assert_eq!(out.name_qualifier(), Some(qualifier.as_str()));
        let user = out.assumed_role_user().unwrap();
        assert_eq!(
            user.arn(),
            "arn:aws:sts::000000000000:assumed-role/federated/alice"
        );
        let creds = out.credentials().unwrap();
        let sts = server.sts_as(
            creds.access_key_id(),
            creds.secret_access_key(),
            Some(creds.session_token().to_owned()),
        );
        let me = sts.get_caller_identity().send().await.unwrap();
        assert_eq!(
            me.arn(),
            Some("arn:aws:sts::000000000000:assumed-role/federated/alice")
        );
    }
}

#[tokio::test]
async fn tampered_and_foreign_assertions_are_refused() {
    let server = start().await;
    setup(&server).await;
    let genuine = mint(&server, "corp", json!({})).await;
    let xml = String::from_utf8(STANDARD.decode(&genuine).unwrap()).unwrap();
    let tampered = STANDARD.encode(xml.replace(">alice<", ">mallory<"));
    assert_ne!(tampered, genuine);
    refused(
        assume(&server, &tampered).await,
        "InvalidIdentityToken",
        "Response signature invalid",
        400,
    );

    // Signed by another identity provider's key, claiming corp's issuer.
    let foreign = mint(
        &server,
        "other",
        json!({ "issuer": "https://localiam/saml/corp" }),
    )
    .await;
    refused(
        assume(&server, &foreign).await,
        "InvalidIdentityToken",
        "Response signature invalid",
        400,
    );
    let other_issuer = mint(&server, "other", json!({})).await;
    refused(
        assume(&server, &other_issuer).await,
        "InvalidIdentityToken",
        "Issuer not present in specified provider",
        400,
    );
    refused(
        assume(&server, &STANDARD.encode("<nope/>")).await,
        "InvalidIdentityToken",
        "Invalid SAML response",
        400,
    );
}

#[tokio::test]
async fn expired_assertions_and_missing_attributes_are_refused() {
    let server = start().await;
    setup(&server).await;
    let expired = mint(&server, "corp", json!({ "lifetime": -60 })).await;
    refused(
        assume(&server, &expired).await,
        "ExpiredTokenException",
        "Response is expired",
        400,
    );
    let nameless = mint(&server, "corp", json!({ "session_name": null })).await;
    refused(
        assume(&server, &nameless).await,
        "InvalidIdentityToken",
        "RoleSessionName is required in AuthnResponse",
        400,
    );
    let bad_name = mint(&server, "corp", json!({ "session_name": "a b" })).await;
    refused(
        assume(&server, &bad_name).await,
        "InvalidIdentityToken",
        "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}",
        400,
    );
    let elsewhere = mint(
        &server,
        "corp",
        json!({ "audience": "https://app.example.com" }),
    )
    .await;
    refused(
        assume(&server, &elsewhere).await,
        "InvalidIdentityToken",
        "Response does not contain the required audience.",
        400,
    );
}

#[tokio::test]
async fn the_role_the_provider_and_the_trust_policy_must_agree() {
    let server = start().await;
    setup(&server).await;
    let denied = "Not authorized to perform sts:AssumeRoleWithSAML";
    let unpaired = mint(
        &server,
        "corp",
        json!({ "roles": [format!("arn:aws:iam::000000000000:role/other,{PROVIDER}")] }),
    )
    .await;
    refused(
        assume(&server, &unpaired).await,
        "AccessDenied",
        denied,
        403,
    );

    // Either order of the pair is accepted.
    let reversed = mint(
        &server,
        "corp",
        json!({ "roles": [format!("{PROVIDER},{ROLE}")] }),
    )
    .await;
    assume(&server, &reversed).await.unwrap();

    let assertion = mint(&server, "corp", json!({})).await;
    refused(
        assume_as(
            &server,
            ROLE,
            "arn:aws:iam::000000000000:saml-provider/nope",
            &assertion,
        )
        .await,
        "InvalidIdentityToken",
        "Specified provider doesn't exist",
        400,
    );

    role(
        &server,
        "bob-only",
        PROVIDER,
        &["sts:AssumeRoleWithSAML"],
        json!({ "StringEquals": { "saml:sub": "bob@example.com" } }),
    )
    .await;
    let bob_only = "arn:aws:iam::000000000000:role/bob-only";
    let for_alice = mint(&server, "corp", json!({ "role_arn": bob_only })).await;
    refused(
        assume_as(&server, bob_only, PROVIDER, &for_alice).await,
        "AccessDenied",
        denied,
        403,
    );
    let for_bob = mint(
        &server,
        "corp",
        json!({ "role_arn": bob_only, "subject": "bob@example.com" }),
    )
    .await;
    assume_as(&server, bob_only, PROVIDER, &for_bob)
        .await
        .unwrap();
}

#[tokio::test]
async fn principal_tags_become_session_tags_when_the_trust_allows_tagging() {
    let server = start().await;
    setup(&server).await;
    let tagged = json!({ "tags": { "Project": "blue" }, "transitive_tag_keys": ["Project"] });
    // `federated` trusts only sts:AssumeRoleWithSAML, not sts:TagSession.
    let assertion = mint(&server, "corp", tagged.clone()).await;
    refused(
        assume(&server, &assertion).await,
        "AccessDenied",
        "Not authorized to perform sts:AssumeRoleWithSAML",
        403,
    );

    role(
        &server,
        "tagged",
        PROVIDER,
        &["sts:AssumeRoleWithSAML", "sts:TagSession"],
        json!({ "StringEquals": { "aws:RequestTag/Project": "blue" } }),
    )
    .await;
    let arn = "arn:aws:iam::000000000000:role/tagged";
    let mut asked = tagged.clone();
    asked["role_arn"] = json!(arn);
    let assertion = mint(&server, "corp", asked).await;
    let out = assume_as(&server, arn, PROVIDER, &assertion).await.unwrap();
    let creds = out.credentials().unwrap();
    let iam = server.iam_as(
        creds.access_key_id(),
        creds.secret_access_key(),
        Some(creds.session_token().to_owned()),
    );
    // ListRoles is allowed only with the session tag Project=blue.
    iam.list_roles().send().await.unwrap();

    let mut untagged = json!({ "role_arn": arn });
    untagged["tags"] = json!({ "Project": "red" });
    let assertion = mint(&server, "corp", untagged).await;
    refused(
        assume_as(&server, arn, PROVIDER, &assertion).await,
        "AccessDenied",
        "Not authorized to perform sts:AssumeRoleWithSAML",
        403,
    );
}

#[tokio::test]
async fn session_length_follows_duration_seconds_not_the_console_session_duration() {
    let server = start().await;
    setup(&server).await;
    // SessionDuration bounds console sessions only: the credentials last the default hour.
    let assertion = mint(&server, "corp", json!({ "session_duration": 900 })).await;
    let out = assume(&server, &assertion).await.unwrap();
    let expires = out.credentials().unwrap().expiration().secs();
    let now = chrono::Utc::now().timestamp();
    assert!((expires - now - 3600).abs() < 30, "{}", expires - now);
    let out = server
        .sts()
        .assume_role_with_saml()
        .role_arn(ROLE)
        .principal_arn(PROVIDER)
        .saml_assertion(&assertion)
        .duration_seconds(900)
        .send()
        .await
        .unwrap();
    let expires = out.credentials().unwrap().expiration().secs();
    assert!((expires - now - 900).abs() < 30, "{}", expires - now);

    let err = server
        .sts()
        .assume_role_with_saml()
        .role_arn(ROLE)
        .principal_arn(PROVIDER)
        .saml_assertion(&assertion)
        .duration_seconds(7200)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
    assert_eq!(
        message(&err),
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
    );
}

#[tokio::test]
async fn a_response_signed_by_signxml_is_accepted() {
    let server = start().await;
    server
        .iam()
        .create_saml_provider()
        .name("FixtureIdP")
        .saml_metadata_document(include_str!("../fixtures/saml/metadata.xml"))
        .send()
        .await
        .unwrap();
    let provider = "arn:aws:iam::000000000000:saml-provider/FixtureIdP";
    role(
        &server,
        "FixtureRole",
        provider,
        &["sts:AssumeRoleWithSAML"],
        json!({ "StringEquals": {
            "saml:aud": SIGN_IN,
            "saml:edupersonprincipalname": "alice & co <alice@example.com>",
            "saml:doc": "000000000000/FixtureIdP",
        }}),
    )
    .await;
    let assertion = STANDARD.encode(include_str!("../fixtures/saml/signed_response.xml"));
    let out = assume_as(
        &server,
        "arn:aws:iam::000000000000:role/FixtureRole",
        provider,
        &assertion,
    )
    .await
    .unwrap();
    assert_eq!(out.subject(), Some("alice@example.com"));
    assert_eq!(out.subject_type(), Some("transient"));
    assert_eq!(out.issuer(), Some("https://fixture-idp.example.com/saml"));
    assert_eq!(
        out.assumed_role_user().unwrap().arn(),
        "arn:aws:sts::000000000000:assumed-role/FixtureRole/alice@example.com"
    );
}
