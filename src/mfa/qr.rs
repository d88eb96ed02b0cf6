//! The QR code image CreateVirtualMFADevice returns: a PNG that an authenticator app scans.

use crate::error::{ApiError, ErrorCode};
use qrcode::{Color, QrCode};

/// Pixels per QR module: small enough to keep the image a few kilobytes, large enough for a
/// phone camera.
const SCALE: usize = 4;

/// The blank border the QR specification asks for, in modules.
const QUIET_ZONE: usize = 4;

/// A grayscale PNG of the QR code of `text`, black modules on white.
pub fn png(text: &str) -> Result<Vec<u8>, ApiError> {
    let code = QrCode::new(text.as_bytes()).map_err(|e| failure(&e))?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE) * SCALE;
    let mut pixels = vec![u8::MAX; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color == Color::Light {
            continue;
        }
        let (x, y) = (i % modules + QUIET_ZONE, i / modules + QUIET_ZONE);
        for row in y * SCALE..(y + 1) * SCALE {
            let start = row * side + x * SCALE;
            if let Some(run) = pixels.get_mut(start..start + SCALE) {
                run.fill(0);
            }
        }
    }
    let side = u32::try_from(side).map_err(|e| failure(&e))?;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| failure(&e))?;
    writer.write_image_data(&pixels).map_err(|e| failure(&e))?;
    writer.finish().map_err(|e| failure(&e))?;
    Ok(out)
}

fn failure(e: &dyn std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::InternalFailure,
        format!("could not draw the QR code: {e}"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn draws_a_png_of_the_right_size() {
        let image = super::png("otpauth://totp/dev@123456789012?secret=ABCDEFGH").unwrap();
        assert_eq!(image.get(..8).unwrap(), b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height, big-endian, after the signature, length and type.
        let width = u32::from_be_bytes(image.get(16..20).unwrap().try_into().unwrap());
        let code = qrcode::QrCode::new(b"otpauth://totp/dev@123456789012?secret=ABCDEFGH").unwrap();
        assert_eq!(width as usize, (code.width() + 8) * 4);
    }
}
