//! The SigV4 credential scope: which key signed, for which region and service.

/// `Credential=AKID/DATE/REGION/SERVICE/aws4_request`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialScope {
    /// The access key id.
    pub access_key_id: String,
    /// The region signed for.
    pub region: String,
    /// The service name signed for (`iam`, `sts`).
    pub service: String,
}

impl CredentialScope {
    /// Reads the scope from an `Authorization` header value.
    pub fn from_authorization(header: &str) -> Option<Self> {
        let rest = header.strip_prefix("AWS4-HMAC-SHA256")?;
        let credential = rest
            .split(',')
            .map(str::trim)
            .find_map(|part| part.strip_prefix("Credential="))?;
        Self::from_credential(credential)
    }

    /// Reads the scope from an `X-Amz-Credential` value.
    pub fn from_credential(credential: &str) -> Option<Self> {
        let mut parts = credential.split('/');
        let access_key_id = parts.next()?.to_string();
        let _date = parts.next()?;
        let region = parts.next()?.to_string();
        let service = parts.next()?.to_string();
        Some(CredentialScope {
            access_key_id,
            region,
            service,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_authorization_header() {
        let h = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d67";
        let s = CredentialScope::from_authorization(h).unwrap();
        assert_eq!(s.access_key_id, "AKIDEXAMPLE");
        assert_eq!(s.region, "us-east-1");
        assert_eq!(s.service, "iam");
        assert!(CredentialScope::from_authorization("Basic abc").is_none());
    }
}
