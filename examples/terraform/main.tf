# localiam from Terraform: the AWS provider pointed at localiam for IAM and STS.
#
#   cargo run --release &
#   cd examples/terraform && terraform init && terraform apply -auto-approve
#
# localiam answers sts:GetCallerIdentity for real, so the skip_* settings below are optional;
# they keep the provider from reaching for the EC2 metadata service and real AWS endpoints.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "endpoint" {
  description = "Where localiam listens."
  type        = string
  default     = "http://127.0.0.1:4566"
}

provider "aws" {
  region     = "us-east-1"
  access_key = "test" # the root of localiam's default account
  secret_key = "test"

  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_requesting_account_id  = false # localiam's STS tells the account id

  endpoints {
    iam = var.endpoint
    sts = var.endpoint
  }
}

data "aws_caller_identity" "current" {}

resource "aws_iam_policy" "read_only" {
  name        = "tf-read-only"
  description = "Read IAM"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:Get*", "iam:List*"], Resource = "*" }]
  })
}

resource "aws_iam_group" "readers" {
  name = "tf-readers"
}

resource "aws_iam_group_policy_attachment" "readers" {
  group      = aws_iam_group.readers.name
  policy_arn = aws_iam_policy.read_only.arn
}

resource "aws_iam_user" "ci" {
  name = "tf-ci"
  path = "/automation/"
  tags = { team = "platform" }
}

resource "aws_iam_user_group_membership" "ci" {
  user   = aws_iam_user.ci.name
  groups = [aws_iam_group.readers.name]
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_role" "deployer" {
  name                 = "tf-deployer"
  max_session_duration = 7200
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "deployer" {
  name = "deploy"
  role = aws_iam_role.deployer.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = aws_iam_role.deployer.arn }]
  })
}

output "account_id" {
  value = data.aws_caller_identity.current.account_id
}

output "user_arn" {
  value = aws_iam_user.ci.arn
}

output "role_arn" {
  value = aws_iam_role.deployer.arn
}

output "access_key_id" {
  value = aws_iam_access_key.ci.id
}
