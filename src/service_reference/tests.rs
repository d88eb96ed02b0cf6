use super::ServiceReference;

fn reference() -> &'static ServiceReference {
    ServiceReference::get()
}

#[test]
fn loads_hundreds_of_services_and_thousands_of_actions() {
    let r = reference();
    assert!(!r.version().is_empty());
    assert!(r.services().len() > 400, "{}", r.services().len());
    let actions: usize = r.services().iter().map(|s| s.actions.len()).sum();
    assert!(actions > 20_000, "{actions}");
    assert!(r.condition_key_count() > 1_000);
    let iam = r.service("iam").unwrap();
    assert!(iam.actions.len() > 150, "{}", iam.actions.len());
}

#[test]
fn actions_are_found_case_insensitively() {
    let r = reference();
    let (service, action) = r.action("iam:createuser").unwrap();
    assert_eq!(service.prefix, "iam");
    assert_eq!(action.name, "CreateUser");
    assert_eq!(action.access_level, "Write");
    assert!(r.is_known_action("IAM:PassRole"));
    assert!(r.is_known_action("sts:AssumeRole"));
    assert!(r.is_known_action("s3:GetObject"));
    assert!(!r.is_known_action("iam:CreateUsr"));
    assert!(!r.is_known_action("nosuchservice:CreateUser"));
    assert!(!r.is_known_action("iam:*"));
    assert!(!r.is_known_action("CreateUser"));
}

#[test]
fn wildcard_patterns_list_the_actions_they_match() {
    let r = reference();
    let names = |pattern: &str| -> Vec<String> {
        r.matching_actions(pattern)
            .into_iter()
            .map(|(s, a)| format!("{}:{}", s.prefix, a.name))
            .collect()
    };
    let get_user = names("iam:GetUser*");
    assert!(get_user.contains(&"iam:GetUser".to_owned()));
    assert!(get_user.contains(&"iam:GetUserPolicy".to_owned()));
    assert!(get_user.iter().all(|n| n.starts_with("iam:GetUser")));
    assert_eq!(names("IAM:getuser"), ["iam:GetUser"]);
    assert!(names("iam:Nothing*").is_empty());
    assert!(names("nosuch:*").is_empty());
    let all: usize = r.services().iter().map(|s| s.actions.len()).sum();
    assert_eq!(r.matching_actions("*").len(), all);
    let across = names("*:GetCallerIdentity");
    assert_eq!(across, ["sts:GetCallerIdentity"]);
}

#[test]
fn global_and_service_condition_keys_are_known() {
    let r = reference();
    for key in [
        "aws:SourceIp",
        "AWS:SOURCEIP",
        "aws:PrincipalTag/team",
        "aws:RequestTag/cost-center",
        "aws:ResourceTag/env",
        "aws:TagKeys",
        "aws:MultiFactorAuthPresent",
        "iam:PassedToService",
        "sts:ExternalId",
        "s3:ExistingObjectTag/owner",
        "saml:aud",
        "ec2:SourceInstanceArn",
    ] {
        assert!(r.is_known_condition_key(key), "{key}");
    }
    for key in [
        "aws:SourceIpp",
        "aws:RequestTag",
        "iam:NoSuchKey",
        "nosuch:key",
        "SourceIp",
    ] {
        assert!(!r.is_known_condition_key(key), "{key}");
    }
    assert_eq!(
        r.condition_key("aws:RequestTag/team").unwrap().name,
        "aws:RequestTag/${TagKey}"
    );
    assert_eq!(
        r.condition_key("aws:sourceip").unwrap().value_type,
        "IPAddress"
    );
    assert_eq!(
        r.condition_key("iam:PassedToService").unwrap().value_type,
        "String"
    );
}

#[test]
fn actions_lead_to_resource_types_and_arn_formats() {
    let r = reference();
    let create_user = r.action_resource_types("iam:CreateUser").unwrap();
    let (used, user_type) = create_user
        .iter()
        .find(|(used, _)| used.name == "user")
        .unwrap();
    assert!(used.required);
    assert_eq!(
        user_type.arn,
        "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}"
    );
    let assume = r.action_resource_types("sts:AssumeRole").unwrap();
    assert!(assume.iter().any(|(used, role)| used.required
        && role.arn == "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"));
    // GetCallerIdentity names no resource type: its Resource is `*`.
    assert!(
        r.action_resource_types("sts:GetCallerIdentity")
            .unwrap()
            .is_empty()
    );
    assert!(r.action_resource_types("iam:CreateUsr").is_none());
}

#[test]
fn every_action_resource_type_is_defined_by_its_service() {
    for service in reference().services() {
        for action in &service.actions {
            for used in &action.resource_types {
                assert!(
                    service.resource_type(&used.name).is_some(),
                    "{}:{} names {}",
                    service.prefix,
                    action.name,
                    used.name
                );
            }
        }
    }
}

#[test]
fn operation_table_agrees_with_the_lookup_by_name() {
    let reference = ServiceReference::get();
    for &action in crate::protocol::Action::ALL {
        let by_name = reference.action(action.iam_action()).map(|(_, a)| a);
        assert!(
            std::ptr::eq(
                ServiceReference::operation(action).map_or(std::ptr::null(), |a| a),
                by_name.map_or(std::ptr::null(), |a| a)
            ),
            "{action:?}"
        );
    }
}
