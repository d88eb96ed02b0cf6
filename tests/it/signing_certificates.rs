//! X.509 signing certificates of IAM users through aws-sdk-iam: upload, list in pages, update,
//! delete; malformed, expired and duplicate certificates, the two-per-user quota; DeleteUser
//! refused while one remains; the credential report's `cert_*` columns.

use crate::support::{Server, code, start, start_on_clock, status};
use aws_sdk_iam::types::StatusType;
use aws_sigv4::http_request::SignatureLocation;

const CERT_1: &str = include_str!("../fixtures/certs/signing1.pem");
const CERT_2: &str = include_str!("../fixtures/certs/signing2.pem");
const CERT_3: &str = include_str!("../fixtures/certs/signing3.pem");

async fn upload(server: &Server, body: &str) -> Result<String, (String, u16)> {
    server
        .iam()
        .upload_signing_certificate()
        .user_name("dev")
        .certificate_body(body)
        .send()
        .await
        .map(|out| out.certificate().unwrap().certificate_id().to_owned())
        .map_err(|e| (code(&e), status(&e)))
}

#[tokio::test]
async fn upload_list_update_delete_and_the_credential_report() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("dev").send().await.unwrap();
    let out = iam
        .upload_signing_certificate()
        .user_name("dev")
        .certificate_body(CERT_1)
        .send()
        .await
        .unwrap();
    let certificate = out.certificate().unwrap();
    let first = certificate.certificate_id().to_owned();
    assert!(first.len() >= 24, "{first}");
    assert_eq!(certificate.certificate_body(), CERT_1);
    assert_eq!(certificate.status(), &StatusType::Active);
    let second = upload(&server, CERT_2).await.unwrap();
    assert_eq!(
        upload(&server, CERT_3).await,
        Err(("LimitExceeded".into(), 409))
    );
    assert_eq!(
        upload(&server, CERT_1).await,
        Err(("DuplicateCertificate".into(), 409))
    );

    let update = iam.update_signing_certificate().user_name("dev");
    let update = update.certificate_id(&first).status(StatusType::Inactive);
    update.send().await.unwrap();
    let page = iam
        .list_signing_certificates()
        .user_name("dev")
        .max_items(1)
        .send()
        .await
        .unwrap();
    assert!(page.is_truncated());
    assert_eq!(page.certificates()[0].certificate_id(), first);
    assert_eq!(page.certificates()[0].status(), &StatusType::Inactive);
    let rest = iam
        .list_signing_certificates()
        .user_name("dev")
        .marker(page.marker().unwrap())
        .send()
        .await
        .unwrap();
    assert!(!rest.is_truncated());
    assert_eq!(rest.certificates()[0].certificate_id(), second);

    iam.generate_credential_report().send().await.unwrap();
    let report = iam.get_credential_report().send().await.unwrap();
    let csv = String::from_utf8(report.content().unwrap().as_ref().to_vec()).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("dev,"))
        .unwrap()
        .split(',')
        .collect();
    let column = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(column("cert_1_active"), "false");
    assert_eq!(column("cert_2_active"), "true");
    assert_ne!(column("cert_1_last_rotated"), "N/A");

    let err = iam.delete_user().user_name("dev").send().await.unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    for id in [&first, &second] {
        let delete = iam.delete_signing_certificate().user_name("dev");
        delete.certificate_id(id).send().await.unwrap();
    }
    let delete = iam.delete_signing_certificate().user_name("dev");
    let err = delete.certificate_id(&first).send().await.unwrap_err();
    assert_eq!((code(&err).as_str(), status(&err)), ("NoSuchEntity", 404));
    iam.delete_user().user_name("dev").send().await.unwrap();
}

#[tokio::test]
async fn malformed_and_unknown_are_refused() {
    let server = start().await;
    let err = upload(&server, CERT_1).await.unwrap_err();
    assert_eq!(err, ("NoSuchEntity".into(), 404));
    server
        .iam()
        .create_user()
        .user_name("dev")
        .send()
        .await
        .unwrap();
    let err = upload(&server, "not a certificate").await.unwrap_err();
    assert_eq!(err, ("MalformedCertificate".into(), 400));
    let mangled = CERT_1.replace("MII", "XYZ");
    let err = upload(&server, &mangled).await.unwrap_err();
    assert_eq!(err, ("MalformedCertificate".into(), 400));
    // Root names no user: it has none of its own to list.
    let listed = server
        .iam()
        .list_signing_certificates()
        .send()
        .await
        .unwrap();
    assert!(listed.certificates().is_empty());
}

#[tokio::test]
async fn an_expired_certificate_is_malformed() {
    // The fixtures are valid for 100 years from 2026-12-07.
    let at = chrono::DateTime::parse_from_rfc3339("2200-01-01T00:00:00Z").unwrap();
    let (server, _clock) = start_on_clock(at.to_utc()).await;
    let time = std::time::SystemTime::UNIX_EPOCH
        + std::time::Duration::from_secs(u64::try_from(at.timestamp()).unwrap());
    let call = |body: String| {
        server
            .signed_at(
                ("test", "test"),
                ("POST", "", body.as_bytes()),
                time,
                SignatureLocation::Headers,
            )
            .send()
    };
    let create = "Action=CreateUser&Version=2010-05-08&UserName=dev".to_owned();
    assert_eq!(call(create).await.unwrap().status(), 200);
    let upload = form_urlencoded::Serializer::new(String::new())
        .append_pair("Action", "UploadSigningCertificate")
        .append_pair("Version", "2010-05-08")
        .append_pair("UserName", "dev")
        .append_pair("CertificateBody", CERT_1)
        .finish();
    let response = call(upload).await.unwrap();
    assert_eq!(response.status(), 400);
    let text = response.text().await.unwrap();
    assert!(text.contains("<Code>MalformedCertificate</Code>"), "{text}");
}
