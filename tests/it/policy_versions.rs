//! Versions of managed policies: CreatePolicyVersion, GetPolicyVersion, DeletePolicyVersion,
//! ListPolicyVersions, SetDefaultPolicyVersion.

use crate::policies::{DOC, arn, create};
use crate::support::{code, message, start, status};

#[tokio::test]
async fn version_lifecycle_and_limit() {
    let server = start().await;
    let iam = server.iam();
    let p = create(&iam, "Versioned", "/").await;
    let v2 = iam
        .create_policy_version()
        .policy_arn(&p)
        .policy_document(DOC)
        .send()
        .await
        .unwrap();
    let v2 = v2.policy_version().unwrap();
    assert_eq!(v2.version_id(), Some("v2"));
    assert!(!v2.is_default_version());
    assert!(v2.document().is_none(), "AWS returns no document here");
    let v3 = iam
        .create_policy_version()
        .policy_arn(&p)
        .policy_document(DOC)
        .set_as_default(true)
        .send()
        .await
        .unwrap();
    assert!(v3.policy_version().unwrap().is_default_version());
    let got = iam.get_policy().policy_arn(&p).send().await.unwrap();
    assert_eq!(got.policy().unwrap().default_version_id(), Some("v3"));

    let listed = iam
        .list_policy_versions()
        .policy_arn(&p)
        .send()
        .await
        .unwrap();
    let ids: Vec<_> = listed
        .versions()
        .iter()
        .filter_map(|v| v.version_id())
        .collect();
    assert_eq!(ids, ["v3", "v2", "v1"], "newest first");
    assert!(listed.versions().iter().all(|v| v.document().is_none()));

    let err = iam
        .delete_policy_version()
        .policy_arn(&p)
        .version_id("v3")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(status(&err), 409);
    assert_eq!(
        message(&err),
        "Cannot delete the default version of a policy."
    );

    let before = got.policy().unwrap().update_date().unwrap().secs();
    iam.set_default_policy_version()
        .policy_arn(&p)
        .version_id("v1")
        .send()
        .await
        .unwrap();
    let got = iam.get_policy().policy_arn(&p).send().await.unwrap();
    assert_eq!(got.policy().unwrap().default_version_id(), Some("v1"));
    assert!(got.policy().unwrap().update_date().unwrap().secs() >= before);
    let v = iam
        .get_policy_version()
        .policy_arn(&p)
        .version_id("v3")
        .send()
        .await
        .unwrap();
    assert!(!v.policy_version().unwrap().is_default_version());

    for expected in ["v4", "v5"] {
        let out = iam
            .create_policy_version()
            .policy_arn(&p)
            .policy_document(DOC)
            .send()
            .await
            .unwrap();
        assert_eq!(out.policy_version().unwrap().version_id(), Some(expected));
    }
    let err = iam
        .create_policy_version()
        .policy_arn(&p)
        .policy_document(DOC)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert_eq!(status(&err), 409);
    assert_eq!(
        message(&err),
        "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version."
    );

    iam.delete_policy_version()
        .policy_arn(&p)
        .version_id("v2")
        .send()
        .await
        .unwrap();
    let out = iam
        .create_policy_version()
        .policy_arn(&p)
        .policy_document(DOC)
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.policy_version().unwrap().version_id(),
        Some("v6"),
        "version ids are never reused"
    );

    let missing = format!("Policy {p} version v2 does not exist or is not attachable.");
    let err = iam
        .get_policy_version()
        .policy_arn(&p)
        .version_id("v2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    assert_eq!(message(&err), missing);
    let err = iam
        .delete_policy_version()
        .policy_arn(&p)
        .version_id("v2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), missing);
    let err = iam
        .set_default_policy_version()
        .policy_arn(&p)
        .version_id("v2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), missing);

    let err = iam
        .create_policy_version()
        .policy_arn(&p)
        .policy_document("[]")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "MalformedPolicyDocument");
    let err = iam
        .list_policy_versions()
        .policy_arn(arn("Nope"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
}

#[tokio::test]
async fn policy_versions_paginate() {
    let server = start().await;
    let iam = server.iam();
    let p = create(&iam, "Paged", "/").await;
    for _ in 0..4 {
        iam.create_policy_version()
            .policy_arn(&p)
            .policy_document(DOC)
            .send()
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut marker: Option<String> = None;
    let mut pages = 0;
    loop {
        let out = iam
            .list_policy_versions()
            .policy_arn(&p)
            .max_items(2)
            .set_marker(marker.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        seen.extend(
            out.versions()
                .iter()
                .map(|v| v.version_id().unwrap().to_string()),
        );
        assert_eq!(out.is_truncated(), out.marker().is_some());
        marker = out.marker().map(str::to_string);
        if marker.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ["v5", "v4", "v3", "v2", "v1"]);
}

#[tokio::test]
async fn document_round_trips_exactly() {
    let server = start().await;
    let iam = server.iam();
    let doc = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Sid\": \"AB\",\n    \"Effect\": \"Allow\",\n\t\"Action\": \"s3:*\",\n    \"Resource\": \"arn:aws:s3:::bucket/a b+c%20d&B<C>'%+=?#é ü\"\n  }]\n}\r\n";
    let p = iam
        .create_policy()
        .policy_name("Special")
        .policy_document(doc)
        .send()
        .await
        .unwrap()
        .policy()
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    let v = iam
        .get_policy_version()
        .policy_arn(&p)
        .version_id("v1")
        .send()
        .await
        .unwrap();
    let encoded = v.policy_version().unwrap().document().unwrap();
    assert!(!encoded.contains('{'), "AWS URL-encodes the document");
    let decoded = percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .unwrap();
    assert_eq!(decoded, doc);
}
