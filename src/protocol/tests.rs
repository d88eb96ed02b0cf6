//! Unit tests of the Query decoder, the XML encoder and the generated tables.

use super::decode::{Node, decode_input};
use super::generated::errors::ModeledError;
use super::xml::{XmlWriter, error_response, response};
use super::{Action, Request, Service, iam};
use crate::error::ErrorCode;

fn tree(pairs: &[(&str, &str)]) -> Node {
    Node::from_params(pairs.iter().copied()).unwrap()
}

#[test]
fn every_model_pattern_compiles() {
    for p in iam::ALL_PATTERNS.iter().chain(super::sts::ALL_PATTERNS) {
        assert!(p.regex().is_some(), "{}", p.source());
    }
}

#[test]
fn decodes_nested_lists_in_index_order() {
    let t = tree(&[
        ("UserName", "u"),
        ("Tags.member.2.Key", "b"),
        ("Tags.member.2.Value", "2"),
        ("Tags.member.1.Key", "a"),
        ("Tags.member.1.Value", "1"),
        ("Tags.member.10.Key", "c"),
        ("Tags.member.10.Value", "10"),
    ]);
    let input: iam::CreateUserRequest = decode_input(&t).unwrap();
    let keys: Vec<&str> = input
        .tags
        .as_deref()
        .unwrap()
        .iter()
        .map(|t| t.key.as_str())
        .collect();
    assert_eq!(keys, ["a", "b", "c"]);
}

#[test]
fn empty_value_is_an_empty_list() {
    let t = tree(&[("UserName", "u"), ("TagKeys", "")]);
    let input: iam::UntagUserRequest = decode_input(&t).unwrap();
    assert!(input.tag_keys.is_empty());
}

#[test]
fn validation_messages_follow_aws() {
    let err = decode_input::<iam::CreateUserRequest>(&tree(&[])).unwrap_err();
    assert_eq!(
        err.message,
        "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null"
    );
    let err = decode_input::<iam::UpdateAccessKeyRequest>(&tree(&[
        ("AccessKeyId", "AKIAAAAAAAAAAAAAAAAA"),
        ("Status", "On"),
    ]))
    .unwrap_err();
    assert_eq!(
        err.message,
        "1 validation error detected: Value 'On' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]"
    );
    let err =
        decode_input::<iam::ListUsersRequest>(&tree(&[("MaxItems", "0"), ("PathPrefix", "x")]))
            .unwrap_err();
    assert!(
        err.message.starts_with("2 validation errors detected: "),
        "{}",
        err.message
    );
    assert!(err.message.contains("Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"));
}

#[test]
fn sensitive_values_are_not_echoed() {
    let err = decode_input::<iam::CreateLoginProfileRequest>(&tree(&[
        ("UserName", "u"),
        ("Password", ""),
    ]))
    .unwrap_err();
    assert!(
        err.message.contains("Value null at 'password'") || !err.message.contains("''"),
        "{}",
        err.message
    );
}

#[test]
fn unknown_and_repeated_parameters() {
    let err = decode_input::<iam::GetUserRequest>(&tree(&[("UserName", "u"), ("Other", "x")]))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::UnknownParameter);
    assert_eq!(err.message, "The parameter Other is not recognized");
    let err = decode_input::<iam::CreateUserRequest>(&tree(&[
        ("UserName", "u"),
        ("Tags.member.1.Key", "k"),
        ("Tags.member.1.Value", "v"),
        ("Tags.member.1.Extra", "x"),
    ]))
    .unwrap_err();
    assert_eq!(
        err.message,
        "The parameter Tags.member.1.Extra is not recognized"
    );
    assert!(Node::from_params([("A", "1"), ("A", "2")]).is_err());
    assert!(Request::decode(Action::GetAccountSummary, &tree(&[("X", "1")])).is_err());
}

#[test]
fn action_table() {
    assert_eq!(Action::from_name("CreateUser"), Some(Action::CreateUser));
    assert_eq!(Action::CreateUser.iam_action(), "iam:CreateUser");
    assert_eq!(Action::AssumeRole.service(), Service::Sts);
    assert!(Action::AssumeRoleWithWebIdentity.is_unsigned());
    assert!(Action::AssumeRoleWithSAML.is_unsigned());
    assert!(!Action::AssumeRole.is_unsigned());
    assert_eq!(
        Action::ALL
            .iter()
            .filter(|a| a.service() == Service::Iam)
            .count(),
        176
    );
    assert_eq!(
        Action::ALL
            .iter()
            .filter(|a| a.service() == Service::Sts)
            .count(),
        11
    );
    assert_eq!(Action::from_name("createuser"), None);
}

#[test]
fn modeled_errors_and_the_untyped_fallback() {
    assert_eq!(ModeledError::NoSuchEntity.code(), "NoSuchEntity");
    assert_eq!(ModeledError::NoSuchEntity.status(), 404);
    assert_eq!(ModeledError::LimitExceeded.status(), 409);
    assert!(!ModeledError::ServiceFailure.sender_fault());
    assert_eq!(ModeledError::ExpiredToken.code(), "ExpiredTokenException");
    // The five IAM error shapes without an error trait: code = shape name, 400, Sender.
    for e in [
        ModeledError::AccountNotManagementOrDelegatedAdministrator,
        ModeledError::CallerIsNotManagementAccount,
        ModeledError::OrganizationNotFound,
        ModeledError::OrganizationNotInAllFeaturesMode,
        ModeledError::ServiceAccessNotEnabled,
    ] {
        assert!(e.code().ends_with("Exception"), "{}", e.code());
        assert_eq!(e.status(), 400);
        assert!(e.sender_fault());
    }
}

#[test]
fn xml_escapes_and_url_encodes_policies() {
    let mut w = XmlWriter::new();
    w.string("A", "<a & 'b' \"c\">");
    w.url_encoded("Doc", "{\"Effect\": \"Allow\", \"x\": \"a+b/é\"}");
    let out = w.finish();
    assert_eq!(
        out,
        "<A>&lt;a &amp; &apos;b&apos; &quot;c&quot;&gt;</A><Doc>%7B%22Effect%22%3A%20%22Allow%22%2C%20%22x%22%3A%20%22a%2Bb%2F%C3%A9%22%7D</Doc>"
    );
}

#[test]
fn envelopes() {
    let ok = response(
        "https://iam.amazonaws.com/doc/2010-05-08/",
        "DeleteUser",
        None,
        "rid",
    );
    assert!(ok.ends_with("<DeleteUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></DeleteUserResponse>\n"));
    let err = error_response(
        "https://iam.amazonaws.com/doc/2010-05-08/",
        true,
        "NoSuchEntity",
        "gone",
        "rid",
    );
    assert!(err.contains("<Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>gone</Message></Error><RequestId>rid</RequestId></ErrorResponse>"));
}
