#!/usr/bin/env bash
# localiam with the aws CLI: a user, a policy, the user's own keys, one allowed call and one
# AccessDenied, then a role assumed through a CLI profile.
#
#   cargo run --release &
#   examples/cli/walkthrough.sh            # or AWS_ENDPOINT_URL=http://host:port examples/cli/walkthrough.sh
set -euo pipefail

# The CLI (v1 >= 1.29, v2 >= 2.13) reads AWS_ENDPOINT_URL itself.
export AWS_ENDPOINT_URL="${AWS_ENDPOINT_URL:-http://127.0.0.1:4566}"
export AWS_DEFAULT_REGION=us-east-1
# A throwaway CLI configuration, so the walkthrough never reads or writes yours.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export AWS_CONFIG_FILE="$scratch/config" AWS_SHARED_CREDENTIALS_FILE="$scratch/credentials"
# The CLI caches assumed-role credentials under ~/.aws/cli/cache: keep that throwaway too.
export HOME="$scratch"
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
# test/test is the root of localiam's default account.
aws configure set aws_access_key_id test --profile root
aws configure set aws_secret_access_key test --profile root
export AWS_PROFILE=root

echo "== who am I"
aws sts get-caller-identity --output text

echo "== a user who may only list users"
aws iam create-user --user-name dave --output text >/dev/null
aws iam put-user-policy --user-name dave --policy-name list-users --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}'
read -r key secret < <(aws iam create-access-key --user-name dave \
  --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text)
aws configure set aws_access_key_id "$key" --profile dave
aws configure set aws_secret_access_key "$secret" --profile dave

echo "== dave lists users (allowed)"
aws iam list-users --profile dave \
  --query 'Users[].UserName' --output text

echo "== dave creates a user (denied)"
if aws iam create-user --user-name eve \
  --profile dave 2>"$scratch/err"; then
  echo "unexpected: CreateUser was allowed" >&2
  exit 1
fi
grep -o 'AccessDenied.*' "$scratch/err"

echo "== a role, assumed by the CLI through a profile with role_arn"
account="$(aws sts get-caller-identity --query Account --output text)"
aws iam create-role --role-name deployer --output text --query Role.Arn \
  --assume-role-policy-document "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::$account:root\"},\"Action\":\"sts:AssumeRole\"}]}"
aws iam attach-role-policy --role-name deployer --policy-arn arn:aws:iam::aws:policy/IAMReadOnlyAccess
aws configure set role_arn "arn:aws:iam::$account:role/deployer" --profile deployer
aws configure set source_profile root --profile deployer
aws sts get-caller-identity --profile deployer \
  --query Arn --output text
echo "done"
