//! SigV4 verification: the AWS test-suite vectors, requests signed by the `aws-sigv4` crate's own
//! signer, and AWS's error texts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod botocore;
mod errors;
mod sdk;
mod support;
mod vectors;
