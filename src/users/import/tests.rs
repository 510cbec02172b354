use super::*;

fn read(text: &str) -> (Vec<Row>, Vec<ImportError>) {
    let mut errors = Vec::new();
    let rows = read_rows(text.as_bytes(), &mut errors);
    (rows, errors)
}

#[test]
fn rows_are_read_with_a_bom_in_any_column_order() {
    let (rows, errors) = read(
        "\u{feff}name,email,role,stage,team,manager_email\n\
         Aiko Tanaka, AIKO@Example.com ,Employee,6,Sales,boss@example.com\n\
         \n\
         Ben,ben@example.com,manager,,,\n",
    );
    assert_eq!(errors, vec![]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].email, "aiko@example.com");
    assert_eq!(rows[0].role, Some(Role::Employee));
    assert_eq!(rows[0].line, 2);
    assert_eq!(rows[1].line, 4);
    assert_eq!(rows[1].stage, "");
}

#[test]
fn every_row_problem_is_reported_with_its_line_and_column() {
    let (_, errors) = read(
        "email,name,role,stage,team,manager_email\n\
         not-an-email,,boss,1,,\n\
         a@example.com,A,employee,1,,m@example.com\n\
         a@example.com,A again,employee,1,,\n",
    );
    let found: Vec<(u64, &str, &str)> = errors.iter().map(|e| (e.line, e.column.as_str(), e.code.as_str())).collect();
    assert!(found.contains(&(2, "email", "invalid_email")));
    assert!(found.contains(&(2, "name", "invalid_name")));
    assert!(found.contains(&(2, "role", "invalid_role")));
    assert!(found.contains(&(4, "email", "duplicate_email")));
}

#[test]
fn files_that_are_not_csv_of_people_are_refused_whole() {
    let (rows, errors) = read("email,name,role\na@example.com,A,employee\n");
    assert!(rows.is_empty());
    let missing: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(missing, ["stage", "team", "manager_email"]);
    let mut errors = Vec::new();
    read_rows(b"email,name,role,stage,team,manager_email\n\xff\xfe,x\n", &mut errors);
    assert_eq!(errors[0].code, "not_utf8");
    assert_eq!(errors[0].line, 2);
    let (_, errors) = read("");
    assert_eq!(errors[0].code, "empty_file");
}

#[test]
fn more_rows_than_allowed_are_refused() {
    let mut text = String::from("email,name,role,stage,team,manager_email\n");
    for i in 0..=MAX_IMPORT_ROWS {
        text.push_str(&format!("p{i}@example.com,P,employee,,,\n"));
    }
    let (rows, errors) = read(&text);
    assert!(rows.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "too_many_rows");
    assert_eq!(errors[0].line, MAX_IMPORT_ROWS as u64 + 2);
}

#[test]
fn formula_marks_of_an_export_are_removed() {
    let (rows, _) =
        read("email,name,role,stage,team,manager_email\na@example.com,'=Aiko,employee,,'+Team,m@example.com\n");
    assert_eq!(rows[0].name, "=Aiko");
    assert_eq!(rows[0].team, "+Team");
}
