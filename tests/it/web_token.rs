//! Outbound identity federation end to end: Enable/Disable/GetOutboundWebIdentityFederationInfo
//! through aws-sdk-iam, GetWebIdentityToken through aws-sdk-sts as a user and as a role session,
//! each token's signature checked with the key set the account's issuer publishes.

use crate::sts::{allow, clients, role, user};
use crate::support::{Server, code, message, start, status};
use aws_sdk_sts::types::Tag;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::signature::Verifier as _;
use serde_json::{Value, json};

const ISSUER: &str = "https://localiam/outbound/000000000000";
const ALICE: &str = "arn:aws:iam::000000000000:user/alice";

/// The policy letting a caller get tokens, with tags.
fn token_policy() -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": ["sts:GetWebIdentityToken", "sts:TagGetWebIdentityToken"],
            "Resource": "*"
        }]
    })
    .to_string()
}

fn sts_tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

async fn enable(server: &Server) {
    let out = server
        .iam()
        .enable_outbound_web_identity_federation()
        .send()
        .await
        .unwrap();
    assert_eq!(out.issuer_identifier(), Some(ISSUER));
}

async fn get_json(url: &str) -> (u16, Value) {
    let response = reqwest::get(url).await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

fn decode(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// The token's claims, once its signature verifies with the key its `kid` names in the key set
/// the issuer's discovery document points to.
async fn verified(server: &Server, token: &str) -> (Value, Value) {
    let discovery_url = format!(
        "{}/_localiam/outbound/000000000000/.well-known/openid-configuration",
        server.endpoint
    );
    let (status, discovery) = get_json(&discovery_url).await;
    assert_eq!(status, 200, "{discovery}");
    assert_eq!(discovery["issuer"], ISSUER);
    let (status, jwks) = get_json(discovery["jwks_uri"].as_str().unwrap()).await;
    assert_eq!(status, 200, "{jwks}");
    let mut parts = token.split('.');
    let (header, payload, signature) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let head = decode(header);
    let input = format!("{header}.{payload}");
    let signature = URL_SAFE_NO_PAD.decode(signature).unwrap();
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == head["kid"])
        .expect("the kid is in the key set");
    assert_eq!(key["alg"], head["alg"]);
    let bytes = |name: &str| URL_SAFE_NO_PAD.decode(key[name].as_str().unwrap()).unwrap();
    match head["alg"].as_str().unwrap() {
        "ES384" => {
            let mut point = vec![4u8];
            point.extend(bytes("x"));
            point.extend(bytes("y"));
            let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(&point).unwrap();
            let signature = p384::ecdsa::Signature::from_slice(&signature).unwrap();
            key.verify(input.as_bytes(), &signature).unwrap();
        }
        "RS256" => {
            let n = rsa::BoxedUint::from_be_slice_vartime(&bytes("n"));
            let e = rsa::BoxedUint::from_be_slice_vartime(&bytes("e"));
            let key = rsa::pkcs1v15::VerifyingKey::<rsa::sha2::Sha256>::new(
                rsa::PublicKey::new(n, e).unwrap(),
            );
            let signature = rsa::pkcs1v15::Signature::try_from(signature.as_slice()).unwrap();
            key.verify(input.as_bytes(), &signature).unwrap();
        }
        other => panic!("unexpected alg {other}"),
    }
    (head, decode(payload))
}

#[tokio::test]
async fn enable_disable_and_info() {
    let server = start().await;
    let iam = server.iam();
    let err = iam
        .get_outbound_web_identity_federation_info()
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "FeatureDisabled");
    assert_eq!(status(&err), 404);

    enable(&server).await;
    let err = iam
        .enable_outbound_web_identity_federation()
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "FeatureEnabled");
    assert_eq!(status(&err), 409);
    let info = iam
        .get_outbound_web_identity_federation_info()
        .send()
        .await
        .unwrap();
    assert_eq!(info.issuer_identifier(), Some(ISSUER));
    assert!(info.jwt_vending_enabled());

    iam.disable_outbound_web_identity_federation()
        .send()
        .await
        .unwrap();
    let err = iam
        .disable_outbound_web_identity_federation()
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "FeatureDisabled");
    assert_eq!(status(&err), 404);
    // A disabled issuer publishes nothing.
    let url = format!(
        "{}/_localiam/outbound/000000000000/.well-known/jwks.json",
        server.endpoint
    );
    assert_eq!(get_json(&url).await.0, 404);
    // Enabled again, the account keeps its issuer.
    enable(&server).await;
}

#[tokio::test]
async fn a_user_gets_tokens_signed_with_either_algorithm() {
    let server = start().await;
    enable(&server).await;
    let (key, secret) = user(&server, "alice", Some(token_policy())).await;
    server
        .iam()
        .tag_user()
        .user_name("alice")
        .tags(
            aws_sdk_iam::types::Tag::builder()
                .key("team")
                .value("blue")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let sts = server.sts_as(&key, &secret, None);

    let out = sts
        .get_web_identity_token()
        .audience("https://api.example.com")
        .signing_algorithm("ES384")
        .tags(sts_tag("job", "42"))
        .send()
        .await
        .unwrap();
    let (head, claims) = verified(&server, out.web_identity_token().unwrap()).await;
    assert_eq!(head["typ"], "JWT");
    assert_eq!(claims["iss"], ISSUER);
    assert_eq!(claims["sub"], ALICE);
    assert_eq!(claims["aud"], "https://api.example.com");
    let iat = claims["iat"].as_i64().unwrap();
    assert_eq!(claims["exp"].as_i64().unwrap() - iat, 300);
    assert_eq!(claims["nbf"].as_i64(), Some(iat));
    assert_eq!(
        out.expiration().unwrap().secs(),
        claims["exp"].as_i64().unwrap()
    );
    assert_eq!(claims["jti"].as_str().unwrap().len(), 36);
    let aws = &claims["https://sts.amazonaws.com/"];
    assert_eq!(aws["aws_account"], "000000000000");
    assert_eq!(aws["source_region"], "us-east-1");
    assert_eq!(aws["principal_tags"], json!({ "team": "blue" }));
    assert_eq!(aws["request_tags"], json!({ "job": "42" }));

    let out = sts
        .get_web_identity_token()
        .audience("a")
        .audience("b")
        .duration_seconds(3600)
        .signing_algorithm("RS256")
        .send()
        .await
        .unwrap();
    let (head, claims) = verified(&server, out.web_identity_token().unwrap()).await;
    assert_eq!(head["alg"], "RS256");
    assert_eq!(claims["aud"], json!(["a", "b"]));
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        3600
    );
    assert!(
        claims["https://sts.amazonaws.com/"]
            .get("request_tags")
            .is_none()
    );
}

#[tokio::test]
async fn a_role_session_gets_a_token_naming_its_role_within_its_lifetime() {
    let server = start().await;
    enable(&server).await;
    let role_arn = role(&server, "ops", ALICE).await;
    server
        .iam()
        .put_role_policy()
        .role_name("ops")
        .policy_name("token")
        .policy_document(token_policy())
        .send()
        .await
        .unwrap();
    let (key, secret) = user(&server, "alice", Some(allow("sts:AssumeRole", "*"))).await;
    let session = server
        .sts_as(&key, &secret, None)
        .assume_role()
        .role_arn(&role_arn)
        .role_session_name("build")
        .duration_seconds(900)
        .tags(sts_tag("env", "ci"))
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    let (_, sts) = clients(&server, &session);

    let out = sts
        .get_web_identity_token()
        .audience("aud")
        .signing_algorithm("ES384")
        .send()
        .await
        .unwrap();
    let (_, claims) = verified(&server, out.web_identity_token().unwrap()).await;
    assert_eq!(claims["sub"], role_arn);
    assert_eq!(
        claims["https://sts.amazonaws.com/"]["principal_tags"],
        json!({ "env": "ci" })
    );

    // The session ends in 15 minutes: a one-hour token would outlive it.
    let err = sts
        .get_web_identity_token()
        .audience("aud")
        .signing_algorithm("ES384")
        .duration_seconds(3600)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "SessionDurationEscalationException");
    assert_eq!(
        message(&err),
        "The requested token duration would extend the session beyond its original expiration time."
    );
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 403);
}

#[tokio::test]
async fn tokens_need_the_feature_a_known_algorithm_and_a_bounded_payload() {
    let server = start().await;
    let sts = server.sts();
    let err = sts
        .get_web_identity_token()
        .audience("aud")
        .signing_algorithm("ES384")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "OutboundWebIdentityFederationDisabledException");
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 403);

    enable(&server).await;
    let err = sts
        .get_web_identity_token()
        .audience("aud")
        .signing_algorithm("HS256")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
    assert!(
        message(&err).contains("[RS256, ES384]"),
        "{}",
        message(&err)
    );

    let mut request = sts
        .get_web_identity_token()
        .audience("aud")
        .signing_algorithm("ES384");
    for i in 0..50 {
        request = request.tags(sts_tag(&format!("{i:0>128}"), &"v".repeat(256)));
    }
    let err = request.send().await.unwrap_err();
    assert_eq!(code(&err), "JWTPayloadSizeExceededException");
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 400);
}

#[tokio::test]
async fn policies_decide_on_audience_and_tags() {
    let server = start().await;
    enable(&server).await;
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": "sts:GetWebIdentityToken",
            "Resource": "*",
            "Condition": { "ForAllValues:StringEquals": { "sts:IdentityTokenAudience": "good" } }
        }]
    });
    let (key, secret) = user(&server, "alice", Some(policy.to_string())).await;
    let sts = server.sts_as(&key, &secret, None);
    sts.get_web_identity_token()
        .audience("good")
        .signing_algorithm("ES384")
        .send()
        .await
        .unwrap();

    let err = sts
        .get_web_identity_token()
        .audience("bad")
        .signing_algorithm("ES384")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    assert_eq!(
        message(&err),
        format!(
            "User: {ALICE} is not authorized to perform: sts:GetWebIdentityToken on resource: * because no identity-based policy allows the sts:GetWebIdentityToken action"
        )
    );

    // Tags need sts:TagGetWebIdentityToken too.
    let err = sts
        .get_web_identity_token()
        .audience("good")
        .signing_algorithm("ES384")
        .tags(sts_tag("k", "v"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    assert!(
        message(&err).contains("sts:TagGetWebIdentityToken"),
        "{}",
        message(&err)
    );
}

#[tokio::test]
async fn tokens_cannot_federate_back_into_aws() {
    let server = start().await;
    enable(&server).await;
    let (key, secret) = user(&server, "alice", Some(token_policy())).await;
    let out = server
        .sts_as(&key, &secret, None)
        .get_web_identity_token()
        .audience("sts.amazonaws.com")
        .signing_algorithm("ES384")
        .send()
        .await
        .unwrap();
    // Even with the issuer registered as an OIDC provider and a role trusting it.
    let iam = server.iam();
    iam.create_open_id_connect_provider()
        .url(ISSUER)
        .client_id_list("sts.amazonaws.com")
        .send()
        .await
        .unwrap();
    let trust = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": "arn:aws:iam::000000000000:oidc-provider/localiam/outbound/000000000000"},
            "Action": "sts:AssumeRoleWithWebIdentity"
        }]
    });
    let role = iam.create_role().role_name("back");
    role.assume_role_policy_document(trust.to_string())
        .send()
        .await
        .unwrap();
    let err = server
        .sts()
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::000000000000:role/back")
        .role_session_name("loop")
        .web_identity_token(out.web_identity_token().unwrap())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidIdentityToken");
    assert!(
        message(&err).contains("GetWebIdentityToken"),
        "{}",
        message(&err)
    );
}
