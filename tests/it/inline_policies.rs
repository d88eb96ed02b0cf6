//! Inline policies of users and groups: Put/Get/Delete/List UserPolicy and GroupPolicy.

use crate::support::{code, message, start, status};

const DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;

/// A document as clients read it: IAM returns documents URL-encoded (RFC 3986) and the Rust SDK,
/// unlike the CLI and boto3, hands them over undecoded.
fn decoded(document: &str) -> String {
    percent_encoding::percent_decode_str(document)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

/// A valid document of exactly `size` characters other than whitespace, plus some whitespace.
fn doc_of_size(size: usize) -> String {
    let frame = |sid: &str| {
        format!(
            "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{{\"Sid\": \"{sid}\", \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}]\n}}"
        )
    };
    let base = frame("").chars().filter(|c| !c.is_whitespace()).count();
    let doc = frame(&"a".repeat(size - base));
    assert_eq!(doc.chars().filter(|c| !c.is_whitespace()).count(), size);
    doc
}

#[tokio::test]
async fn user_policies_put_get_list_delete() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("Alice").send().await.unwrap();
    iam.put_user_policy()
        .user_name("alice")
        .policy_name("ReadS3")
        .policy_document(DOC)
        .send()
        .await
        .unwrap();
    let got = iam
        .get_user_policy()
        .user_name("ALICE")
        .policy_name("reads3")
        .send()
        .await
        .unwrap();
    assert_eq!(got.user_name(), "Alice");
    assert_eq!(got.policy_name(), "ReadS3");
    assert_eq!(decoded(got.policy_document()), DOC);

    // Put with the same name in another case replaces the policy and takes the new spelling.
    let replacement =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#;
    iam.put_user_policy()
        .user_name("Alice")
        .policy_name("READS3")
        .policy_document(replacement)
        .send()
        .await
        .unwrap();
    iam.put_user_policy()
        .user_name("Alice")
        .policy_name("Another")
        .policy_document(DOC)
        .send()
        .await
        .unwrap();
    let listed = iam
        .list_user_policies()
        .user_name("Alice")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.policy_names(), ["Another", "READS3"]);
    assert!(!listed.is_truncated());
    let got = iam
        .get_user_policy()
        .user_name("Alice")
        .policy_name("ReadS3")
        .send()
        .await
        .unwrap();
    assert_eq!(got.policy_name(), "READS3");
    assert_eq!(decoded(got.policy_document()), replacement);

    iam.delete_user_policy()
        .user_name("Alice")
        .policy_name("reads3")
        .send()
        .await
        .unwrap();
    let err = iam
        .get_user_policy()
        .user_name("Alice")
        .policy_name("ReadS3")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        "The user policy with name ReadS3 cannot be found."
    );
    assert_eq!(status(&err), 404);

    // The user cannot go while it has inline policies.
    let err = iam
        .delete_user()
        .user_name("Alice")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(
        message(&err),
        "Cannot delete entity, must delete policies first."
    );
    iam.delete_user_policy()
        .user_name("Alice")
        .policy_name("Another")
        .send()
        .await
        .unwrap();
    iam.delete_user().user_name("Alice").send().await.unwrap();
}

#[tokio::test]
async fn group_policies_put_get_list_delete() {
    let server = start().await;
    let iam = server.iam();
    iam.create_group().group_name("Devs").send().await.unwrap();
    for name in ["b", "A", "c"] {
        iam.put_group_policy()
            .group_name("devs")
            .policy_name(name)
            .policy_document(DOC)
            .send()
            .await
            .unwrap();
    }
    let got = iam
        .get_group_policy()
        .group_name("DEVS")
        .policy_name("a")
        .send()
        .await
        .unwrap();
    assert_eq!(got.group_name(), "Devs");
    assert_eq!(got.policy_name(), "A");
    assert_eq!(decoded(got.policy_document()), DOC);
    let listed = iam
        .list_group_policies()
        .group_name("Devs")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.policy_names(), ["A", "b", "c"]);

    iam.delete_group_policy()
        .group_name("Devs")
        .policy_name("B")
        .send()
        .await
        .unwrap();
    let err = iam
        .delete_group_policy()
        .group_name("Devs")
        .policy_name("b")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        "The group policy with name b cannot be found."
    );
    assert_eq!(status(&err), 404);
    let err = iam
        .get_group_policy()
        .group_name("Devs")
        .policy_name("b")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        "The group policy with name b cannot be found."
    );

    // The group policy is a group's, not a user's: a user of the same name has none.
    iam.create_user().user_name("Devs").send().await.unwrap();
    let err = iam
        .get_user_policy()
        .user_name("Devs")
        .policy_name("A")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
}

#[tokio::test]
async fn missing_owners() {
    let server = start().await;
    let iam = server.iam();
    let user_errs = [
        iam.put_user_policy()
            .user_name("ghost")
            .policy_name("p")
            .policy_document(DOC)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| (code(&e), message(&e), status(&e))),
        iam.get_user_policy()
            .user_name("ghost")
            .policy_name("p")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| (code(&e), message(&e), status(&e))),
        iam.delete_user_policy()
            .user_name("ghost")
            .policy_name("p")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| (code(&e), message(&e), status(&e))),
        iam.list_user_policies()
            .user_name("ghost")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| (code(&e), message(&e), status(&e))),
    ];
    for result in user_errs {
        let (code, message, status) = result.unwrap_err();
        assert_eq!(code, "NoSuchEntity");
        assert_eq!(message, "The user with name ghost cannot be found.");
        assert_eq!(status, 404);
    }
    let group_errs = [
        iam.put_group_policy()
            .group_name("ghosts")
            .policy_name("p")
            .policy_document(DOC)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| (code(&e), message(&e), status(&e))),
        iam.get_group_policy()
            .group_name("ghosts")
            .policy_name("p")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| (code(&e), message(&e), status(&e))),
        iam.delete_group_policy()
            .group_name("ghosts")
            .policy_name("p")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| (code(&e), message(&e), status(&e))),
        iam.list_group_policies()
            .group_name("ghosts")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| (code(&e), message(&e), status(&e))),
    ];
    for result in group_errs {
        let (code, message, status) = result.unwrap_err();
        assert_eq!(code, "NoSuchEntity");
        assert_eq!(message, "The group with name ghosts cannot be found.");
        assert_eq!(status, 404);
    }
}

#[tokio::test]
async fn documents_round_trip_exactly() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("u").send().await.unwrap();
    iam.create_group().group_name("g").send().await.unwrap();
    // Characters the XML and URL encodings must both survive, Latin-1 letters (the most of
    // Unicode the model's pattern allows), a literal percent escape that must not be decoded,
    // and layout whitespace that must be kept as sent.
    let doc = "{\n\t\"Version\": \"2012-10-17\",\r\n  \"Statement\": [{\"Sid\": \"Cafe1\",\n    \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\",\n    \"Resource\": \"arn:aws:s3:::b/Caf\u{e9}\u{df}\u{a9}\u{ff}a&b<c>d+e f%g%20h%2B'\\\"\",\n    \"Condition\": {\"StringLike\": {\"s3:prefix\": [\"x y+z&w=1;#?\"]}}}]\n}  ";
    iam.put_user_policy()
        .user_name("u")
        .policy_name("p")
        .policy_document(doc)
        .send()
        .await
        .unwrap();
    let got = iam
        .get_user_policy()
        .user_name("u")
        .policy_name("p")
        .send()
        .await
        .unwrap();
    assert_eq!(decoded(got.policy_document()), doc);
    iam.put_group_policy()
        .group_name("g")
        .policy_name("p")
        .policy_document(doc)
        .send()
        .await
        .unwrap();
    let got = iam
        .get_group_policy()
        .group_name("g")
        .policy_name("p")
        .send()
        .await
        .unwrap();
    assert_eq!(decoded(got.policy_document()), doc);

    // Beyond U+00FF the model's pattern refuses the document before IAM looks at it.
    let err = iam
        .put_user_policy()
        .user_name("u")
        .policy_name("q")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Sid":"€","Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
}

#[tokio::test]
async fn malformed_documents() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("u").send().await.unwrap();
    iam.create_group().group_name("g").send().await.unwrap();
    for bad in ["not json", "{", "[]", "\"text\""] {
        let err = iam
            .put_user_policy()
            .user_name("u")
            .policy_name("p")
            .policy_document(bad)
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&err), "MalformedPolicyDocument", "{bad}");
        assert_eq!(message(&err), "Syntax errors in policy.");
        assert_eq!(status(&err), 400);
        let err = iam
            .put_group_policy()
            .group_name("g")
            .policy_name("p")
            .policy_document(bad)
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&err), "MalformedPolicyDocument", "{bad}");
    }
    // The engine's rules, beyond JSON: the policy kind, condition operators and their values.
    let engine_faults = [
        (
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}"#,
            "Policy document should not specify a principal.",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"aws:username":"a"}}}}"#,
            "Invalid Condition type : StringEqualz",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"soon"}}}}"#,
            "The policy failed legacy parsing",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}"#,
            "Policy statement must contain actions.",
        ),
    ];
    for (bad, want) in engine_faults {
        let err = iam
            .put_user_policy()
            .user_name("u")
            .policy_name("p")
            .policy_document(bad)
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&err), "MalformedPolicyDocument", "{bad}");
        assert_eq!(message(&err), want, "{bad}");
    }
    let listed = iam
        .list_user_policies()
        .user_name("u")
        .send()
        .await
        .unwrap();
    assert!(listed.policy_names().is_empty(), "nothing stored on error");
}

#[tokio::test]
async fn size_quotas() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("u").send().await.unwrap();
    iam.create_group().group_name("g").send().await.unwrap();

    // Whitespace does not count: exactly 2,048 other characters fit.
    iam.put_user_policy()
        .user_name("u")
        .policy_name("full")
        .policy_document(doc_of_size(2048))
        .send()
        .await
        .unwrap();
    let err = iam
        .put_user_policy()
        .user_name("u")
        .policy_name("big")
        .policy_document(doc_of_size(2049))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert_eq!(
        message(&err),
        "Maximum policy size of 2048 bytes exceeded for user u"
    );
    assert_eq!(status(&err), 409);

    // The quota is on a user's inline policies together; a replaced policy no longer counts.
    iam.put_user_policy()
        .user_name("u")
        .policy_name("FULL")
        .policy_document(doc_of_size(1000))
        .send()
        .await
        .unwrap();
    iam.put_user_policy()
        .user_name("u")
        .policy_name("second")
        .policy_document(doc_of_size(1048))
        .send()
        .await
        .unwrap();
    let err = iam
        .put_user_policy()
        .user_name("u")
        .policy_name("third")
        .policy_document(doc_of_size(100))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    let listed = iam
        .list_user_policies()
        .user_name("u")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.policy_names(), ["FULL", "second"]);

    // Groups get 5,120.
    iam.put_group_policy()
        .group_name("g")
        .policy_name("p")
        .policy_document(doc_of_size(5120))
        .send()
        .await
        .unwrap();
    let err = iam
        .put_group_policy()
        .group_name("g")
        .policy_name("p")
        .policy_document(doc_of_size(5121))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert_eq!(
        message(&err),
        "Maximum policy size of 5120 bytes exceeded for group g"
    );
}

#[tokio::test]
async fn pagination() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("u").send().await.unwrap();
    iam.create_group().group_name("g").send().await.unwrap();
    let small = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
    for i in 0..12 {
        iam.put_user_policy()
            .user_name("u")
            .policy_name(format!("Policy{i:02}"))
            .policy_document(small)
            .send()
            .await
            .unwrap();
        iam.put_group_policy()
            .group_name("g")
            .policy_name(format!("Policy{i:02}"))
            .policy_document(small)
            .send()
            .await
            .unwrap();
    }
    let expected: Vec<_> = (0..12).map(|i| format!("Policy{i:02}")).collect();

    let mut names = Vec::new();
    let mut marker = None;
    let mut pages = 0;
    loop {
        let page = iam
            .list_user_policies()
            .user_name("u")
            .max_items(5)
            .set_marker(marker)
            .send()
            .await
            .unwrap();
        pages += 1;
        names.extend(page.policy_names().iter().cloned());
        if !page.is_truncated() {
            assert!(page.marker().is_none());
            break;
        }
        marker = page.marker().map(str::to_string);
    }
    assert_eq!(pages, 3);
    assert_eq!(names, expected);

    let all: Vec<_> = iam
        .list_group_policies()
        .group_name("g")
        .max_items(5)
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(all, expected);
    let first = iam
        .list_group_policies()
        .group_name("g")
        .max_items(5)
        .send()
        .await
        .unwrap();
    assert!(first.is_truncated());
    assert_eq!(first.policy_names().len(), 5);

    let err = iam
        .list_user_policies()
        .user_name("u")
        .marker("not a marker!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
}
