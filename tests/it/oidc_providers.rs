//! IAM OpenID Connect providers through aws-sdk-iam: lifecycle, client ids, thumbprints, tags
//! and the documented errors.

use crate::support::{code, message, start, status};
use aws_sdk_iam::types::Tag;

const URL: &str = "https://idp.example.com/realms/main";
const ARN: &str = "arn:aws:iam::000000000000:oidc-provider/idp.example.com/realms/main";
const THUMB: &str = "6938FD4D98BAB03FAADB97B34396831E3780AEA1";

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build().unwrap()
}

#[tokio::test]
async fn providers_are_created_read_changed_and_deleted() {
    let server = start().await;
    let iam = server.iam();
    let created = iam
        .create_open_id_connect_provider()
        .url(URL)
        .client_id_list("app")
        .client_id_list("cli")
        .client_id_list("app")
        .thumbprint_list(THUMB)
        .tags(tag("team", "a"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.open_id_connect_provider_arn(), Some(ARN));
    assert_eq!(created.tags().len(), 1);

    let got = iam
        .get_open_id_connect_provider()
        .open_id_connect_provider_arn(ARN)
        .send()
        .await
        .unwrap();
    assert_eq!(got.url(), Some("idp.example.com/realms/main"));
    assert_eq!(got.client_id_list(), ["app", "cli"]);
    assert_eq!(got.thumbprint_list(), [THUMB.to_ascii_lowercase()]);
    assert!(got.create_date().is_some());
    assert_eq!(got.tags()[0].key(), "team");

    let listed = iam.list_open_id_connect_providers().send().await.unwrap();
    let arns: Vec<_> = listed
        .open_id_connect_provider_list()
        .iter()
        .filter_map(|p| p.arn())
        .collect();
    assert_eq!(arns, [ARN]);

    // Adding a client id already there and removing one that is not change nothing.
    for id in ["app", "web"] {
        iam.add_client_id_to_open_id_connect_provider()
            .open_id_connect_provider_arn(ARN)
            .client_id(id)
            .send()
            .await
            .unwrap();
    }
    for id in ["cli", "none"] {
        iam.remove_client_id_from_open_id_connect_provider()
            .open_id_connect_provider_arn(ARN)
            .client_id(id)
            .send()
            .await
            .unwrap();
    }
    let other = "0123456789abcdef0123456789abcdef01234567";
    iam.update_open_id_connect_provider_thumbprint()
        .open_id_connect_provider_arn(ARN)
        .thumbprint_list(other)
        .send()
        .await
        .unwrap();
    let got = iam
        .get_open_id_connect_provider()
        .open_id_connect_provider_arn(ARN)
        .send()
        .await
        .unwrap();
    assert_eq!(got.client_id_list(), ["app", "web"]);
    assert_eq!(got.thumbprint_list(), [other]);

    // Deleting is idempotent, as AWS documents.
    for _ in 0..2 {
        iam.delete_open_id_connect_provider()
            .open_id_connect_provider_arn(ARN)
            .send()
            .await
            .unwrap();
    }
    let err = iam
        .get_open_id_connect_provider()
        .open_id_connect_provider_arn(ARN)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    assert_eq!(
        message(&err),
        format!("OpenIDConnect Provider not found for arn {ARN}")
    );
    let listed = iam.list_open_id_connect_providers().send().await.unwrap();
    assert!(listed.open_id_connect_provider_list().is_empty());
}

#[tokio::test]
async fn provider_tags_are_set_listed_in_pages_and_removed() {
    let server = start().await;
    let iam = server.iam();
    iam.create_open_id_connect_provider()
        .url(URL)
        .send()
        .await
        .unwrap();
    iam.tag_open_id_connect_provider()
        .open_id_connect_provider_arn(ARN)
        .tags(tag("a", "1"))
        .tags(tag("b", "2"))
        .tags(tag("c", "3"))
        .send()
        .await
        .unwrap();
    let page = iam
        .list_open_id_connect_provider_tags()
        .open_id_connect_provider_arn(ARN)
        .max_items(2)
        .send()
        .await
        .unwrap();
    assert_eq!(page.tags().len(), 2);
    assert!(page.is_truncated());
    let rest = iam
        .list_open_id_connect_provider_tags()
        .open_id_connect_provider_arn(ARN)
        .marker(page.marker().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.tags().len(), 1);
    assert!(!rest.is_truncated());
    iam.untag_open_id_connect_provider()
        .open_id_connect_provider_arn(ARN)
        .tag_keys("A")
        .tag_keys("b")
        .send()
        .await
        .unwrap();
    let left = iam
        .list_open_id_connect_provider_tags()
        .open_id_connect_provider_arn(ARN)
        .send()
        .await
        .unwrap();
    assert_eq!(left.tags().len(), 1);
    assert_eq!(left.tags()[0].key(), "c");

    let err = iam
        .tag_open_id_connect_provider()
        .open_id_connect_provider_arn(ARN)
        .tags(tag("aws:x", "1"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
}

#[tokio::test]
async fn documented_errors() {
    let server = start().await;
    let iam = server.iam();
    let create = |url: &str| iam.create_open_id_connect_provider().url(url).send();

    let err = create("idp.example.com").await.unwrap_err();
    assert_eq!(code(&err), "ValidationError");
    assert_eq!(message(&err), "Invalid Open ID Connect Provider URL");
    let err = create("http://idp.example.com").await.unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    assert_eq!(status(&err), 400);
    assert_eq!(
        message(&err),
        "Invalid Open ID Connect Provider URL. The URL must begin with https://."
    );
    for url in [
        "https://idp.example.com?a=1",
        "https://idp.example.com#x",
        "https://idp.example.com:8443",
    ] {
        let err = create(url).await.unwrap_err();
        assert_eq!(code(&err), "InvalidInput", "{url}");
    }

    create(URL).await.unwrap();
    let err = create(URL).await.unwrap_err();
    assert_eq!(code(&err), "EntityAlreadyExists");
    assert_eq!(status(&err), 409);
    assert_eq!(
        message(&err),
        format!("Provider with url {URL} already exists.")
    );
    // A trailing slash makes another provider.
    create(&format!("{URL}/")).await.unwrap();

    let mut too_many = iam
        .create_open_id_connect_provider()
        .url("https://many.example.com");
    for n in 0..6 {
        too_many = too_many.thumbprint_list(format!("{n}").repeat(40));
    }
    let err = too_many.send().await.unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    let mut too_many = iam
        .create_open_id_connect_provider()
        .url("https://many.example.com");
    for n in 0..101 {
        too_many = too_many.client_id_list(format!("app{n}"));
    }
    let err = too_many.send().await.unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert_eq!(
        message(&err),
        "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100"
    );

    let missing = "arn:aws:iam::000000000000:oidc-provider/nowhere.example.com";
    let err = iam
        .add_client_id_to_open_id_connect_provider()
        .open_id_connect_provider_arn(missing)
        .client_id("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .remove_client_id_from_open_id_connect_provider()
        .open_id_connect_provider_arn(missing)
        .client_id("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .update_open_id_connect_provider_thumbprint()
        .open_id_connect_provider_arn(missing)
        .thumbprint_list(THUMB)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .list_open_id_connect_provider_tags()
        .open_id_connect_provider_arn(missing)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .untag_open_id_connect_provider()
        .open_id_connect_provider_arn(missing)
        .tag_keys("k")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .get_open_id_connect_provider()
        .open_id_connect_provider_arn("arn:aws:iam::000000000000:role/not-a-provider")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    let err = iam
        .delete_open_id_connect_provider()
        .open_id_connect_provider_arn("arn:aws:iam::000000000000:role/not-a-provider")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
}
