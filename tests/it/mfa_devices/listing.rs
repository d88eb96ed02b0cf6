//! Virtual MFA device listings (by assignment status, paged), device tags, and the account
//! summary and credential report counting devices.

use super::{ACCOUNT, Fixture, mfa_arn, tag};
use crate::support::{code, message, status};
use aws_sdk_iam::types::{AssignmentStatusType, SummaryKeyType};

#[tokio::test]
async fn list_virtual_devices_by_assignment_and_page() {
    let f = Fixture::new().await;
    f.user("alice").await;
    let mut devices = Vec::new();
    for i in 0..5 {
        devices.push(f.device(&format!("dev{i}")).await);
    }
    for (serial, seed) in devices.iter().take(2) {
        f.enable("alice", serial, seed).await;
    }
    let list = |status: Option<AssignmentStatusType>| {
        f.iam()
            .list_virtual_mfa_devices()
            .set_assignment_status(status)
            .send()
    };
    let assigned = list(Some(AssignmentStatusType::Assigned)).await.unwrap();
    assert_eq!(assigned.virtual_mfa_devices().len(), 2);
    for d in assigned.virtual_mfa_devices() {
        let user = d.user().unwrap();
        assert_eq!(user.user_name(), "alice");
        assert_eq!(user.arn(), format!("arn:aws:iam::{ACCOUNT}:user/alice"));
        assert!(d.enable_date().is_some());
    }
    let unassigned = list(Some(AssignmentStatusType::Unassigned)).await.unwrap();
    assert_eq!(unassigned.virtual_mfa_devices().len(), 3);
    assert!(
        unassigned
            .virtual_mfa_devices()
            .iter()
            .all(|d| d.user().is_none() && d.enable_date().is_none())
    );
    assert_eq!(
        list(Some(AssignmentStatusType::Any))
            .await
            .unwrap()
            .virtual_mfa_devices()
            .len(),
        5
    );

    let mut seen = Vec::new();
    let mut marker: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = f
            .iam()
            .list_virtual_mfa_devices()
            .max_items(2)
            .set_marker(marker.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        seen.extend(
            page.virtual_mfa_devices()
                .iter()
                .map(|d| d.serial_number().to_owned()),
        );
        assert_eq!(page.is_truncated(), page.marker().is_some());
        marker = page.marker().map(str::to_owned);
        if marker.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    let expected: Vec<String> = (0..5).map(|i| mfa_arn(&format!("/dev{i}"))).collect();
    assert_eq!(seen, expected);

    let page = f
        .iam()
        .list_mfa_devices()
        .user_name("alice")
        .max_items(1)
        .send()
        .await
        .unwrap();
    assert_eq!(page.mfa_devices().len(), 1);
    assert!(page.is_truncated());
    let next = f
        .iam()
        .list_mfa_devices()
        .user_name("alice")
        .marker(page.marker().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(next.mfa_devices().len(), 1);
    assert!(!next.is_truncated());
}

#[tokio::test]
async fn list_and_get_errors() {
    let f = Fixture::new().await;
    let err = f
        .iam()
        .list_mfa_devices()
        .user_name("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    // The root user has no virtual devices assigned through the API.
    let mine = f.iam().list_mfa_devices().send().await.unwrap();
    assert!(mine.mfa_devices().is_empty());

    f.user("alice").await;
    let (serial, _) = f.device("phone").await;
    let err = f
        .iam()
        .get_mfa_device()
        .serial_number(&serial)
        .user_name("alice")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "MFA Device invalid for user.");
    let err = f
        .iam()
        .get_mfa_device()
        .serial_number(mfa_arn("/missing"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
}

#[tokio::test]
async fn device_tags() {
    let f = Fixture::new().await;
    let (serial, _) = f.device("phone").await;
    f.iam()
        .tag_mfa_device()
        .serial_number(&serial)
        .tags(tag("team", "core"))
        .tags(tag("env", "dev"))
        .send()
        .await
        .unwrap();
    let tags = f
        .iam()
        .list_mfa_device_tags()
        .serial_number(&serial)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().len(), 2);
    assert_eq!(tags.tags()[0].key(), "team");
    f.iam()
        .untag_mfa_device()
        .serial_number(&serial)
        .tag_keys("TEAM")
        .send()
        .await
        .unwrap();
    let tags = f
        .iam()
        .list_mfa_device_tags()
        .serial_number(&serial)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().len(), 1);
    assert_eq!(tags.tags()[0].key(), "env");

    let missing = mfa_arn("/missing");
    let err = f
        .iam()
        .tag_mfa_device()
        .serial_number(&missing)
        .tags(tag("k", "v"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    let err = f
        .iam()
        .untag_mfa_device()
        .serial_number(&missing)
        .tag_keys("k")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = f
        .iam()
        .list_mfa_device_tags()
        .serial_number(&missing)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = f
        .iam()
        .tag_mfa_device()
        .serial_number(&serial)
        .tags(tag("aws:team", "x"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    assert_eq!(status(&err), 400);
}

#[tokio::test]
async fn renamed_users_keep_their_devices_and_reports_count_them() {
    let f = Fixture::new().await;
    f.user("alice").await;
    f.user("bob").await;
    let (serial, seed) = f.device("phone").await;
    f.device("spare").await;
    f.enable("alice", &serial, &seed).await;
    f.iam()
        .update_user()
        .user_name("alice")
        .new_user_name("alicia")
        .send()
        .await
        .unwrap();
    let listed = f
        .iam()
        .list_mfa_devices()
        .user_name("alicia")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.mfa_devices()[0].user_name(), "alicia");

    let summary = f.iam().get_account_summary().send().await.unwrap();
    let map = summary.summary_map().unwrap();
    assert_eq!(map.get(&SummaryKeyType::MfaDevices), Some(&2));
    assert_eq!(map.get(&SummaryKeyType::MfaDevicesInUse), Some(&1));

    f.iam().generate_credential_report().send().await.unwrap();
    let report = f.iam().get_credential_report().send().await.unwrap();
    let csv = String::from_utf8(report.content().unwrap().as_ref().to_vec()).unwrap();
    let mfa_active = |user: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("{user},")))
            .and_then(|l| l.split(',').nth(7))
            .map(str::to_owned)
    };
    assert_eq!(mfa_active("alicia").as_deref(), Some("true"));
    assert_eq!(mfa_active("bob").as_deref(), Some("false"));
}
