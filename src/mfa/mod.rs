//! Multi-factor authentication with virtual devices: RFC 6238 codes, the QR code of a new
//! device, and the check STS makes of a `SerialNumber` and `TokenCode`.

pub mod qr;
pub mod totp;

use crate::actions::iam::common::key;
use crate::protocol::xml::Timestamp;
use crate::store::AccountState;
use crate::store::mfa::key_of_serial;

/// Why a code was refused: STS answers each with its own AccessDenied text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaFailure {
    /// No virtual MFA device with that serial number is enabled for the user (it does not
    /// exist, is unassigned, or belongs to another user).
    NotEnabledForUser,
    /// The code is not the device's code for the current time step or one either side, or its
    /// step was used already.
    InvalidCode,
}

/// Checks `code` against the device `serial` enabled for the user `user_name` at `now`, and
/// records its time step so that the same code is refused from now on.
pub fn verify_code(
    account: &mut AccountState,
    serial: &str,
    user_name: &str,
    code: &str,
    now: Timestamp,
) -> Result<(), MfaFailure> {
    let user = key(user_name);
    let device = key_of_serial(&account.id, serial)
        .and_then(|k| account.mfa_devices.get_mut(&k))
        .filter(|d| d.assigned_to(&user))
        .ok_or(MfaFailure::NotEnabledForUser)?;
    let step = totp::check(&device.seed.0, code, totp::step(now), device.last_step)
        .ok_or(MfaFailure::InvalidCode)?;
    device.last_step = Some(step);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, ManualClock};
    use crate::store::mfa::{Assignment, Seed, VirtualMfaDevice};
    use chrono::{DateTime, TimeDelta};
    use std::sync::Arc;

    const SERIAL: &str = "arn:aws:iam::123456789012:mfa/team/Phone";

    fn account(user: Option<&str>) -> AccountState {
        let mut account = AccountState::new(Arc::from("123456789012"));
        account.mfa_devices.insert(
            "/team/phone".to_owned(),
            VirtualMfaDevice {
                name: "Phone".to_owned(),
                path: "/team/".to_owned(),
                serial: SERIAL.to_owned(),
                seed: Seed([7; 20]),
                tags: Vec::new(),
                assigned: user.map(|u| Assignment {
                    user: u.to_owned(),
                    enabled: DateTime::UNIX_EPOCH,
                }),
                last_step: None,
            },
        );
        account
    }

    #[test]
    fn accepts_a_current_code_once() {
        let clock = ManualClock::new(DateTime::from_timestamp(1_700_000_000, 0).unwrap());
        let mut account = account(Some("alice"));
        let now = clock.now();
        let code = totp::code_text(&[7; 20], totp::step(now));
        assert_eq!(
            verify_code(&mut account, SERIAL, "Alice", &code, now),
            Ok(())
        );
        assert_eq!(
            verify_code(&mut account, SERIAL, "Alice", &code, now),
            Err(MfaFailure::InvalidCode)
        );
        // The next step's code works once the clock gets there, and only once.
        clock.advance(TimeDelta::seconds(30));
        let now = clock.now();
        let next = totp::code_text(&[7; 20], totp::step(now));
        assert_eq!(
            verify_code(&mut account, SERIAL, "alice", &next, now),
            Ok(())
        );
        assert_eq!(
            verify_code(&mut account, SERIAL, "alice", &next, now),
            Err(MfaFailure::InvalidCode)
        );
    }

    #[test]
    fn refuses_stale_and_wrong_codes() {
        let clock = ManualClock::new(DateTime::from_timestamp(1_700_000_000, 0).unwrap());
        let mut account = account(Some("alice"));
        let old = totp::code_text(&[7; 20], totp::step(clock.now()));
        clock.advance(TimeDelta::seconds(90));
        let now = clock.now();
        assert_eq!(
            verify_code(&mut account, SERIAL, "alice", &old, now),
            Err(MfaFailure::InvalidCode)
        );
        let wrong = format!(
            "{:06}",
            (totp::code(&[7; 20], totp::step(now)) + 1) % 1_000_000
        );
        assert_eq!(
            verify_code(&mut account, SERIAL, "alice", &wrong, now),
            Err(MfaFailure::InvalidCode)
        );
    }

    #[test]
    fn refuses_devices_not_enabled_for_the_user() {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let code = totp::code_text(&[7; 20], totp::step(now));
        let mut unassigned = account(None);
        let mut bobs = account(Some("bob"));
        for (account, serial) in [
            (&mut unassigned, SERIAL),
            (&mut bobs, SERIAL),
            (
                &mut account(Some("alice")),
                "arn:aws:iam::123456789012:mfa/Other",
            ),
            (
                &mut account(Some("alice")),
                "arn:aws:iam::999999999999:mfa/team/Phone",
            ),
            (&mut account(Some("alice")), "GAHT12345678"),
        ] {
            assert_eq!(
                verify_code(account, serial, "alice", &code, now),
                Err(MfaFailure::NotEnabledForUser),
                "{serial}"
            );
        }
    }
}
