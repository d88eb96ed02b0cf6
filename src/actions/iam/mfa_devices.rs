//! Virtual MFA devices: CreateVirtualMFADevice, EnableMFADevice, ResyncMFADevice,
//! DeactivateMFADevice, DeleteVirtualMFADevice, ListMFADevices, ListVirtualMFADevices,
//! GetMFADevice, TagMFADevice, UntagMFADevice, ListMFADeviceTags.
//!
//! A device is a TOTP secret (RFC 6238) that EnableMFADevice assigns to a user once the user
//! proves to hold it with two consecutive codes. Its serial number is its ARN. Hardware and
//! FIDO devices are not emulated: a serial number that is not a virtual device's ARN names no
//! device.

use super::common::{key, path_or_root, quota, user_or_caller};
use super::{tags, users};
use crate::actions::Ctx;
use crate::error::{ApiError, ModeledError};
use crate::mfa::{qr, totp};
use crate::protocol::iam;
use crate::protocol::iam::AssignmentStatusType;
use crate::store::mfa::{self as store_mfa, Assignment, SEED_BYTES, Seed, VirtualMfaDevice};
use crate::store::paging::page_map;
use crate::store::{AccountState, quotas};

/// `NoSuchEntity` for a serial number that names no virtual device of the account.
fn no_such_device(serial: &str) -> ApiError {
    ApiError::no_such_entity(format!(
        "VirtualMFADevice with serial number {serial} doesn't exist."
    ))
}

/// `NoSuchEntity` for a device that is not enabled for the user named.
fn not_the_users() -> ApiError {
    ApiError::no_such_entity("MFA Device invalid for user.")
}

/// `InvalidAuthenticationCode`, when the two codes are not the device's next two.
fn invalid_codes() -> ApiError {
    ApiError::modeled(
        ModeledError::InvalidAuthenticationCode,
        "Authentication code for device is not valid.",
    )
}

/// The map key of the device `serial` names, or NoSuchEntity.
fn device_key(account: &AccountState, serial: &str) -> Result<String, ApiError> {
    store_mfa::key_of_serial(&account.id, serial)
        .filter(|k| account.mfa_devices.contains_key(k))
        .ok_or_else(|| no_such_device(serial))
}

/// The device `serial` names, or NoSuchEntity.
fn find<'a>(account: &'a AccountState, serial: &str) -> Result<&'a VirtualMfaDevice, ApiError> {
    let k = device_key(account, serial)?;
    account
        .mfa_devices
        .get(&k)
        .ok_or_else(|| no_such_device(serial))
}

/// The device `serial` names, mutably.
fn find_mut<'a>(
    account: &'a mut AccountState,
    serial: &str,
) -> Result<&'a mut VirtualMfaDevice, ApiError> {
    let k = device_key(account, serial)?;
    account
        .mfa_devices
        .get_mut(&k)
        .ok_or_else(|| no_such_device(serial))
}

/// The lowercased name of the user an operation is about: `UserName` (which must exist), else
/// the calling user; `None` for the root user, who has no virtual devices here.
fn subject(
    cx: &Ctx<'_>,
    account: &AccountState,
    name: Option<String>,
) -> Result<Option<String>, ApiError> {
    let given = name.is_some();
    match user_or_caller(cx, name)? {
        Some(name) if given => Ok(Some(key(&users::find(account, &name)?.name))),
        Some(name) => Ok(Some(key(&name))),
        None => Ok(None),
    }
}

/// `CreateVirtualMFADevice`: a new 20-byte secret, returned once as base32 and as a QR code.
pub fn create_virtual_mfa_device(
    account: &mut AccountState,
    input: iam::CreateVirtualMFADeviceRequest,
) -> Result<iam::CreateVirtualMFADeviceResponse, ApiError> {
    let path = path_or_root(input.path);
    let name = input.virtual_mfa_device_name;
    let k = store_mfa::key(&path, &name);
    if account.mfa_devices.contains_key(&k) {
        return Err(ApiError::already_exists(
            "MFADevice entity at the same path and name already exists.",
        ));
    }
    let tags = tags::initial(input.tags)?;
    let seed: [u8; SEED_BYTES] = rand::random();
    let base32 = totp::base32(&seed);
    // AWS labels the entry with the account alias when there is one, else the account id.
    let label = account.aliases.first().map_or(&*account.id, String::as_str);
    let png = qr::png(&format!("otpauth://totp/{name}@{label}?secret={base32}"))?;
    let device = VirtualMfaDevice {
        serial: account.arn("mfa", &path, &name),
        name,
        path,
        seed: Seed(seed),
        tags,
        assigned: None,
        last_step: None,
    };
    let out = iam::VirtualMFADevice {
        serial_number: device.serial.clone(),
        base32_string_seed: Some(base32.into_bytes()),
        qr_code_png: Some(png),
        tags: tags::shown(&device.tags),
        ..Default::default()
    };
    account.mfa_devices.insert(k, device);
    Ok(iam::CreateVirtualMFADeviceResponse {
        virtual_mfa_device: out,
    })
}

/// `EnableMFADevice`: assigns the device to the user, given two consecutive current codes.
pub fn enable_mfa_device(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::EnableMFADeviceRequest,
) -> Result<(), ApiError> {
    let user = key(&users::find(account, &input.user_name)?.name);
    let device = find(account, &input.serial_number)?;
    if device.assigned.is_some() {
        return Err(ApiError::already_exists("MFA Device is already in use."));
    }
    let in_use = account
        .mfa_devices
        .values()
        .filter(|d| d.assigned_to(&user))
        .count();
    if in_use >= quotas::MFA_DEVICES {
        return Err(quota("MFADevicesPerUser", quotas::MFA_DEVICES));
    }
    let step = totp::check_pair(
        &device.seed.0,
        &input.authentication_code1,
        &input.authentication_code2,
        totp::step(cx.now),
        device.last_step,
    )
    .ok_or_else(invalid_codes)?;
    let device = find_mut(account, &input.serial_number)?;
    device.assigned = Some(Assignment {
        user,
        enabled: cx.now,
    });
    device.last_step = Some(step);
    Ok(())
}

/// `ResyncMFADevice`: two consecutive current codes of a device enabled for the user.
pub fn resync_mfa_device(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::ResyncMFADeviceRequest,
) -> Result<(), ApiError> {
    let user = key(&users::find(account, &input.user_name)?.name);
    let device = find_mut(account, &input.serial_number)?;
    if !device.assigned_to(&user) {
        return Err(not_the_users());
    }
    let step = totp::check_pair(
        &device.seed.0,
        &input.authentication_code1,
        &input.authentication_code2,
        totp::step(cx.now),
        device.last_step,
    )
    .ok_or_else(invalid_codes)?;
    device.last_step = Some(step);
    Ok(())
}

/// `DeactivateMFADevice`: unassigns the device from the user (the caller when no `UserName`);
/// the device stays, unassigned.
pub fn deactivate_mfa_device(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::DeactivateMFADeviceRequest,
) -> Result<(), ApiError> {
    let user = subject(cx, account, input.user_name)?;
    let device = find_mut(account, &input.serial_number)?;
    if !user.is_some_and(|u| device.assigned_to(&u)) {
        return Err(not_the_users());
    }
    device.assigned = None;
    Ok(())
}

/// `DeleteVirtualMFADevice`: refused while the device is assigned, as AWS does.
pub fn delete_virtual_mfa_device(
    account: &mut AccountState,
    input: iam::DeleteVirtualMFADeviceRequest,
) -> Result<(), ApiError> {
    let k = device_key(account, &input.serial_number)?;
    if account
        .mfa_devices
        .get(&k)
        .is_some_and(|d| d.assigned.is_some())
    {
        return Err(ApiError::delete_conflict(
            "MFA VirtualDevice in use. Must deactivate first.",
        ));
    }
    account.mfa_devices.remove(&k);
    Ok(())
}

/// `ListMFADevices`: the devices enabled for the user (the caller when no `UserName`).
pub fn list_mfa_devices(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::ListMFADevicesRequest,
) -> Result<iam::ListMFADevicesResponse, ApiError> {
    let user = subject(cx, account, input.user_name)?;
    let page = page_map(
        &account.mfa_devices,
        input.marker.as_deref(),
        input.max_items,
        |d| user.as_deref().is_some_and(|u| d.assigned_to(u)),
    )?;
    let mfa_devices = page
        .items
        .iter()
        .filter_map(|d| {
            let assigned = d.assigned.as_ref()?;
            let user = account.users.get(&assigned.user)?;
            Some(iam::MFADevice {
                user_name: user.name.clone(),
                serial_number: d.serial.clone(),
                enable_date: assigned.enabled,
            })
        })
        .collect();
    Ok(iam::ListMFADevicesResponse {
        mfa_devices,
        is_truncated: Some(page.is_truncated()),
        marker: page.marker,
    })
}

/// `ListVirtualMFADevices`, filtered by `AssignmentStatus` (`Any` when absent). Listings leave
/// out tags (and of course the secret), as AWS does.
pub fn list_virtual_mfa_devices(
    account: &AccountState,
    input: iam::ListVirtualMFADevicesRequest,
) -> Result<iam::ListVirtualMFADevicesResponse, ApiError> {
    let status = input.assignment_status.unwrap_or(AssignmentStatusType::Any);
    let page = page_map(
        &account.mfa_devices,
        input.marker.as_deref(),
        input.max_items,
        |d| match status {
            AssignmentStatusType::Assigned => d.assigned.is_some(),
            AssignmentStatusType::Unassigned => d.assigned.is_none(),
            AssignmentStatusType::Any => true,
        },
    )?;
    let virtual_mfa_devices = page
        .items
        .iter()
        .map(|d| {
            let assigned = d.assigned.as_ref();
            iam::VirtualMFADevice {
                serial_number: d.serial.clone(),
                user: assigned
                    .and_then(|a| account.users.get(&a.user))
                    .map(|u| users::shape(u, false)),
                enable_date: assigned.map(|a| a.enabled),
                ..Default::default()
            }
        })
        .collect();
    Ok(iam::ListVirtualMFADevicesResponse {
        virtual_mfa_devices,
        is_truncated: Some(page.is_truncated()),
        marker: page.marker,
    })
}

/// `GetMFADevice`: a device enabled for the user (the caller when no `UserName`).
pub fn get_mfa_device(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::GetMFADeviceRequest,
) -> Result<iam::GetMFADeviceResponse, ApiError> {
    let user = subject(cx, account, input.user_name)?;
    let device = find(account, &input.serial_number)?;
    let assigned = device
        .assigned
        .as_ref()
        .filter(|a| user.as_deref() == Some(a.user.as_str()))
        .ok_or_else(not_the_users)?;
    Ok(iam::GetMFADeviceResponse {
        user_name: account.users.get(&assigned.user).map(|u| u.name.clone()),
        serial_number: device.serial.clone(),
        enable_date: Some(assigned.enabled),
        // Certifications describe FIDO security keys; virtual devices have none.
        certifications: None,
    })
}

/// `TagMFADevice`.
pub fn tag_mfa_device(
    account: &mut AccountState,
    input: iam::TagMFADeviceRequest,
) -> Result<(), ApiError> {
    tags::apply(
        &mut find_mut(account, &input.serial_number)?.tags,
        input.tags,
    )
}

/// `UntagMFADevice`.
pub fn untag_mfa_device(
    account: &mut AccountState,
    input: iam::UntagMFADeviceRequest,
) -> Result<(), ApiError> {
    tags::remove(
        &mut find_mut(account, &input.serial_number)?.tags,
        &input.tag_keys,
    );
    Ok(())
}

/// `ListMFADeviceTags`.
pub fn list_mfa_device_tags(
    account: &AccountState,
    input: iam::ListMFADeviceTagsRequest,
) -> Result<iam::ListMFADeviceTagsResponse, ApiError> {
    let page = tags::page(
        &find(account, &input.serial_number)?.tags,
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListMFADeviceTagsResponse {
        is_truncated: Some(page.is_truncated()),
        marker: page.marker,
        tags: page.items,
    })
}
