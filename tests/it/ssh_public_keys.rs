//! SSH public keys of IAM users through aws-sdk-iam: upload in either encoding, get in either,
//! list with pages, activate and deactivate, delete; the errors AWS models; DeleteUser refused
//! while a key remains.

use crate::support::{Server, code, start, status};
use aws_sdk_iam::types::{EncodingType, StatusType};
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};

const OPENSSH: &str = include_str!("../fixtures/ssh/rsa2048.pub");
const PEM: &str = include_str!("../fixtures/ssh/rsa2048.pem");
const FINGERPRINT: &str = include_str!("../fixtures/ssh/rsa2048.md5");
const SHORT: &str = include_str!("../fixtures/ssh/rsa1024.pub");

async fn server_with_user() -> Server {
    let server = start().await;
    server
        .iam()
        .create_user()
        .user_name("dev")
        .send()
        .await
        .unwrap();
    server
}

/// A fresh 2048-bit RSA public key in PEM.
fn new_pem() -> String {
    let key = rsa::PrivateKey::new(&mut getrandom::SysRng, 2048).unwrap();
    key.to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap()
}

#[tokio::test]
async fn upload_get_list_update_delete() {
    let server = server_with_user().await;
    let iam = server.iam();
    let uploaded = iam
        .upload_ssh_public_key()
        .user_name("dev")
        .ssh_public_key_body(OPENSSH)
        .send()
        .await
        .unwrap();
    let key = uploaded.ssh_public_key().unwrap();
    let id = key.ssh_public_key_id().to_owned();
    assert!(id.starts_with("APKA") && id.len() == 20, "{id}");
    assert_eq!(key.fingerprint(), FINGERPRINT.trim());
    assert_eq!(key.ssh_public_key_body(), OPENSSH);
    assert_eq!(key.status(), &StatusType::Active);
    assert_eq!(key.user_name(), "dev");
    assert!(key.upload_date().is_some());

    let get = |encoding: EncodingType| {
        iam.get_ssh_public_key()
            .user_name("dev")
            .ssh_public_key_id(&id)
            .encoding(encoding)
            .send()
    };
    let ssh = get(EncodingType::Ssh).await.unwrap();
    let line: Vec<&str> = OPENSSH.split_whitespace().take(2).collect();
    assert_eq!(
        ssh.ssh_public_key().unwrap().ssh_public_key_body(),
        line.join(" ")
    );
    let pem = get(EncodingType::Pem).await.unwrap();
    let pem = pem.ssh_public_key().unwrap();
    assert_eq!(pem.ssh_public_key_body().trim(), PEM.trim());
    assert_eq!(pem.fingerprint(), FINGERPRINT.trim());

    let update = iam.update_ssh_public_key().user_name("dev");
    let update = update.ssh_public_key_id(&id).status(StatusType::Inactive);
    update.send().await.unwrap();
    let list = iam
        .list_ssh_public_keys()
        .user_name("dev")
        .send()
        .await
        .unwrap();
    let listed = list.ssh_public_keys();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].ssh_public_key_id(), id);
    assert_eq!(listed[0].status(), &StatusType::Inactive);
    assert!(!list.is_truncated());

    let err = iam.delete_user().user_name("dev").send().await.unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    let delete = iam.delete_ssh_public_key().user_name("dev");
    delete.ssh_public_key_id(&id).send().await.unwrap();
    let err = get(EncodingType::Ssh).await.unwrap_err();
    assert_eq!((code(&err).as_str(), status(&err)), ("NoSuchEntity", 404));
    iam.delete_user().user_name("dev").send().await.unwrap();
}

#[tokio::test]
async fn bad_keys_duplicates_and_missing_entities_are_refused() {
    let server = server_with_user().await;
    let iam = server.iam();
    let upload = |user: &str, body: &str| {
        iam.upload_ssh_public_key()
            .user_name(user)
            .ssh_public_key_body(body)
            .send()
    };
    let err = upload("nobody", OPENSSH).await.unwrap_err();
    assert_eq!((code(&err).as_str(), status(&err)), ("NoSuchEntity", 404));
    let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGn0c2V0aGlzaXNub3RhcmVhbGtleWF0YWxsAAAA x";
    let err = upload("dev", ed25519).await.unwrap_err();
    assert_eq!(code(&err), "UnrecognizedPublicKeyEncoding");
    assert_eq!(status(&err), 400);
    let err = upload("dev", SHORT).await.unwrap_err();
    assert_eq!(
        (code(&err).as_str(), status(&err)),
        ("InvalidPublicKey", 400)
    );

    upload("dev", OPENSSH).await.unwrap();
    // The same key in the other encoding is the same key.
    let err = upload("dev", PEM).await.unwrap_err();
    assert_eq!(code(&err), "DuplicateSSHPublicKey");
    assert_eq!(status(&err), 400);

    let update = iam.update_ssh_public_key().user_name("dev");
    let update = update.ssh_public_key_id("APKAAAAAAAAAAAAAAAAA");
    let err = update.status(StatusType::Active).send().await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let body = "Action=GetSSHPublicKey&Version=2010-05-08&UserName=dev&SSHPublicKeyId=APKAAAAAAAAAAAAAAAAA&Encoding=DER";
    let (code, out) = server.post_form(body).await;
    assert_eq!(code, 400, "{out}");
    assert!(out.contains("ValidationError"), "{out}");
}

#[tokio::test]
async fn five_keys_a_user_listed_in_pages() {
    let server = server_with_user().await;
    let iam = server.iam();
    let mut ids = Vec::new();
    for _ in 0..5 {
        let out = iam
            .upload_ssh_public_key()
            .user_name("dev")
            .ssh_public_key_body(new_pem())
            .send()
            .await
            .unwrap();
        ids.push(out.ssh_public_key().unwrap().ssh_public_key_id().to_owned());
    }
    let upload = iam.upload_ssh_public_key().user_name("dev");
    let err = upload
        .ssh_public_key_body(OPENSSH)
        .send()
        .await
        .unwrap_err();
    assert_eq!((code(&err).as_str(), status(&err)), ("LimitExceeded", 409));

    let mut seen = Vec::new();
    let mut marker = None;
    loop {
        let page = iam
            .list_ssh_public_keys()
            .user_name("dev")
            .max_items(2)
            .set_marker(marker)
            .send()
            .await
            .unwrap();
        seen.extend(
            page.ssh_public_keys()
                .iter()
                .map(|k| k.ssh_public_key_id().to_owned()),
        );
        marker = page.marker().map(str::to_owned);
        if !page.is_truncated() {
            break;
        }
    }
    assert_eq!(seen, ids, "upload order, every key once");
    // Root names no user: it has no keys of its own.
    let root = iam.list_ssh_public_keys().send().await.unwrap();
    assert!(root.ssh_public_keys().is_empty());
}
