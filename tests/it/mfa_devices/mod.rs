//! Virtual MFA devices: CreateVirtualMFADevice, EnableMFADevice, ResyncMFADevice,
//! DeactivateMFADevice, DeleteVirtualMFADevice, ListMFADevices, ListVirtualMFADevices,
//! GetMFADevice and device tags, with codes computed here from the seed the server hands out,
//! on a server whose clock the test moves.

mod listing;
mod sts;

use crate::support::{Server, code, message, start_with_clock, status};
use aws_sdk_iam::types::{AssignmentStatusType, Tag};
use chrono::{DateTime, TimeDelta, Utc};
use localiam::clock::{Clock, ManualClock};
use localiam::mfa::totp;
use std::sync::Arc;

const ACCOUNT: &str = "000000000000";

/// A server on a manual clock standing 5 s into a TOTP step near the real time (the SDK signs
/// with the system clock, so the server's may not stray far from it).
struct Fixture {
    server: Server,
    clock: Arc<ManualClock>,
}

impl Fixture {
    async fn new() -> Fixture {
        let secs = Utc::now().timestamp();
        let at = DateTime::from_timestamp(secs - secs % 30 + 5, 0).unwrap();
        let clock = Arc::new(ManualClock::new(at));
        let server = start_with_clock(clock.clone()).await;
        Fixture { server, clock }
    }

    fn iam(&self) -> aws_sdk_iam::Client {
        self.server.iam()
    }

    /// The current time step of the server.
    fn step(&self) -> u64 {
        totp::step(self.clock.now())
    }

    /// Creates the device `name` (path `/`) and returns its serial number and secret.
    async fn device(&self, name: &str) -> (String, Vec<u8>) {
        let out = self
            .iam()
            .create_virtual_mfa_device()
            .virtual_mfa_device_name(name)
            .send()
            .await
            .unwrap();
        let device = out.virtual_mfa_device().unwrap();
        let seed = std::str::from_utf8(device.base32_string_seed().unwrap().as_ref()).unwrap();
        (device.serial_number().to_owned(), base32_decode(seed))
    }

    /// Enables `serial` for `user` with the codes of the current step and the next.
    async fn enable(&self, user: &str, serial: &str, seed: &[u8]) {
        let s = self.step();
        self.iam()
            .enable_mfa_device()
            .user_name(user)
            .serial_number(serial)
            .authentication_code1(totp::code_text(seed, s))
            .authentication_code2(totp::code_text(seed, s + 1))
            .send()
            .await
            .unwrap();
    }

    async fn user(&self, name: &str) {
        self.iam()
            .create_user()
            .user_name(name)
            .send()
            .await
            .unwrap();
    }
}

/// RFC 4648 base32, as an authenticator app reads the seed.
fn base32_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32: {text}"),
        };
        buffer = (buffer << 5) | u32::from(value);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).unwrap());
        }
    }
    out
}

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build().unwrap()
}

fn mfa_arn(path_and_name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:mfa{path_and_name}")
}

#[tokio::test]
async fn create_returns_a_seed_and_a_qr_code_once() {
    let f = Fixture::new().await;
    let out = f
        .iam()
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("phone")
        .path("/team/")
        .tags(tag("owner", "alice"))
        .send()
        .await
        .unwrap();
    let device = out.virtual_mfa_device().unwrap();
    assert_eq!(device.serial_number(), mfa_arn("/team/phone"));
    let seed = std::str::from_utf8(device.base32_string_seed().unwrap().as_ref()).unwrap();
    assert_eq!(seed.len(), 32);
    assert_eq!(base32_decode(seed).len(), 20);
    let png = device.qr_code_png().unwrap().as_ref();
    assert_eq!(png.get(..8).unwrap(), b"\x89PNG\r\n\x1a\n");
    assert_eq!(device.tags().len(), 1);
    assert!(device.user().is_none() && device.enable_date().is_none());

    let (_, other) = f.device("tablet").await;
    assert_ne!(
        base32_decode(seed),
        other,
        "every device gets its own secret"
    );

    let err = f
        .iam()
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("PHONE")
        .path("/team/")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "EntityAlreadyExists");
    assert_eq!(
        message(&err),
        "MFADevice entity at the same path and name already exists."
    );
    assert_eq!(status(&err), 409);

    // Listings never show the secret, the QR code or the tags again.
    let listed = f.iam().list_virtual_mfa_devices().send().await.unwrap();
    assert_eq!(listed.virtual_mfa_devices().len(), 2);
    for d in listed.virtual_mfa_devices() {
        assert!(d.base32_string_seed().is_none() && d.qr_code_png().is_none());
        assert!(d.tags().is_empty());
    }

    let err = f
        .iam()
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("x")
        .tags(tag("aws:k", "v"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
}

#[tokio::test]
async fn enable_needs_two_consecutive_current_codes() {
    let f = Fixture::new().await;
    f.user("alice").await;
    let (serial, seed) = f.device("phone").await;
    let s = f.step();
    let enable = |c1: String, c2: String| {
        f.iam()
            .enable_mfa_device()
            .user_name("alice")
            .serial_number(&serial)
            .authentication_code1(c1)
            .authentication_code2(c2)
            .send()
    };
    let c = |step| totp::code_text(&seed, step);
    let wrong = format!("{:06}", (totp::code(&seed, s) + 1) % 1_000_000);
    for (c1, c2) in [
        (wrong, c(s + 1)),
        (c(s), c(s)),
        (c(s + 1), c(s)),
        (c(s - 1), c(s + 1)),
        // Too old and too far ahead: one step either side of now only.
        (c(s - 2), c(s - 1)),
        (c(s + 1), c(s + 2)),
    ] {
        let err = enable(c1, c2).await.unwrap_err();
        assert_eq!(code(&err), "InvalidAuthenticationCode");
        assert_eq!(
            message(&err),
            "Authentication code for device is not valid."
        );
        assert_eq!(status(&err), 403);
    }
    enable(c(s - 1), c(s)).await.unwrap();

    let listed = f
        .iam()
        .list_mfa_devices()
        .user_name("ALICE")
        .send()
        .await
        .unwrap();
    let devices = listed.mfa_devices();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].user_name(), "alice");
    assert_eq!(devices[0].serial_number(), serial);
    assert_eq!(
        devices[0].enable_date().secs(),
        f.clock.now().timestamp(),
        "EnableDate is the time of the call"
    );
    let got = f
        .iam()
        .get_mfa_device()
        .serial_number(&serial)
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(got.user_name(), Some("alice"));
    assert_eq!(got.serial_number(), serial);
    assert!(got.enable_date().is_some());
    assert!(got.certifications().is_none());

    // Assigned already, to anyone.
    f.user("bob").await;
    let err = f
        .iam()
        .enable_mfa_device()
        .user_name("bob")
        .serial_number(&serial)
        .authentication_code1(c(s))
        .authentication_code2(c(s + 1))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "EntityAlreadyExists");
    assert_eq!(message(&err), "MFA Device is already in use.");
    assert_eq!(status(&err), 409);
}

#[tokio::test]
async fn enable_errors_for_unknown_users_and_devices() {
    let f = Fixture::new().await;
    f.user("alice").await;
    let (serial, _) = f.device("phone").await;
    let call = |user: &str, serial: &str| {
        f.iam()
            .enable_mfa_device()
            .user_name(user)
            .serial_number(serial)
            .authentication_code1("123456")
            .authentication_code2("654321")
            .send()
    };
    let err = call("nobody", &serial).await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The user with name nobody cannot be found.");
    assert_eq!(status(&err), 404);
    let missing = mfa_arn("/missing");
    let err = call("alice", &missing).await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        format!("VirtualMFADevice with serial number {missing} doesn't exist.")
    );
    // A hardware serial number names no virtual device.
    let err = call("alice", "GAHT12345678").await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    // The model's six digits.
    let err = f
        .iam()
        .enable_mfa_device()
        .user_name("alice")
        .serial_number(&serial)
        .authentication_code1("12345")
        .authentication_code2("654321")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
}

#[tokio::test]
async fn used_codes_are_refused_and_resync_takes_fresh_ones() {
    let f = Fixture::new().await;
    f.user("alice").await;
    let (serial, seed) = f.device("phone").await;
    f.enable("alice", &serial, &seed).await;
    let s = f.step();
    let resync = |c1: String, c2: String, user: &str| {
        f.iam()
            .resync_mfa_device()
            .user_name(user)
            .serial_number(&serial)
            .authentication_code1(c1)
            .authentication_code2(c2)
            .send()
    };
    let c = |step| totp::code_text(&seed, step);
    // The enabling codes were steps s and s+1: neither is accepted again.
    let err = resync(c(s), c(s + 1), "alice").await.unwrap_err();
    assert_eq!(code(&err), "InvalidAuthenticationCode");
    assert_eq!(status(&err), 403);

    f.clock.advance(TimeDelta::seconds(60));
    let s = f.step();
    resync(c(s), c(s + 1), "alice").await.unwrap();
    let err = resync(c(s), c(s + 1), "alice").await.unwrap_err();
    assert_eq!(code(&err), "InvalidAuthenticationCode");

    f.user("bob").await;
    f.clock.advance(TimeDelta::seconds(60));
    let s = f.step();
    let err = resync(c(s), c(s + 1), "bob").await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "MFA Device invalid for user.");
    let err = resync(c(s), c(s + 1), "nobody").await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
}

#[tokio::test]
async fn deactivate_then_delete() {
    let f = Fixture::new().await;
    f.user("alice").await;
    f.user("bob").await;
    let (serial, seed) = f.device("phone").await;
    f.enable("alice", &serial, &seed).await;

    let err = f
        .iam()
        .delete_virtual_mfa_device()
        .serial_number(&serial)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(
        message(&err),
        "MFA VirtualDevice in use. Must deactivate first."
    );
    assert_eq!(status(&err), 409);
    let err = f
        .iam()
        .delete_user()
        .user_name("alice")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(
        message(&err),
        "Cannot delete entity, must delete MFA device first."
    );

    let deactivate = |user: &str, serial: &str| {
        f.iam()
            .deactivate_mfa_device()
            .user_name(user)
            .serial_number(serial)
            .send()
    };
    let err = deactivate("bob", &serial).await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "MFA Device invalid for user.");
    assert_eq!(status(&err), 404);
    let err = deactivate("nobody", &serial).await.unwrap_err();
    assert_eq!(message(&err), "The user with name nobody cannot be found.");
    let err = deactivate("alice", &mfa_arn("/missing")).await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    deactivate("alice", &serial).await.unwrap();

    let listed = f
        .iam()
        .list_mfa_devices()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert!(listed.mfa_devices().is_empty());
    let unassigned = f
        .iam()
        .list_virtual_mfa_devices()
        .assignment_status(AssignmentStatusType::Unassigned)
        .send()
        .await
        .unwrap();
    assert_eq!(unassigned.virtual_mfa_devices().len(), 1);

    f.iam()
        .delete_user()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    f.iam()
        .delete_virtual_mfa_device()
        .serial_number(&serial)
        .send()
        .await
        .unwrap();
    let err = f
        .iam()
        .delete_virtual_mfa_device()
        .serial_number(&serial)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        format!("VirtualMFADevice with serial number {serial} doesn't exist.")
    );
    assert_eq!(status(&err), 404);
}

#[tokio::test]
async fn a_user_has_at_most_eight_devices() {
    let f = Fixture::new().await;
    f.user("alice").await;
    for i in 0..8 {
        let (serial, seed) = f.device(&format!("d{i}")).await;
        f.enable("alice", &serial, &seed).await;
    }
    let (serial, seed) = f.device("d8").await;
    let s = f.step();
    let err = f
        .iam()
        .enable_mfa_device()
        .user_name("alice")
        .serial_number(&serial)
        .authentication_code1(totp::code_text(&seed, s))
        .authentication_code2(totp::code_text(&seed, s + 1))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert_eq!(
        message(&err),
        "Cannot exceed quota for MFADevicesPerUser: 8"
    );
    assert_eq!(status(&err), 409);
}
