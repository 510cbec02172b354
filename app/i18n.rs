//! The one catalog of user-facing text, in English and Japanese. Every key has both by
//! construction: the macro will not compile a key without its two translations.

use crate::domain::weights::Category;
use crate::domain::{ErrorCode, Locale, Role};
use crate::goals::SheetStatus;

macro_rules! catalog {
    ($($key:ident => $en:expr, $ja:expr;)*) => {
        /// A message of the catalog; `{name}` placeholders are filled by [`tr`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            pub fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((Msg::$key, Locale::En) => $en, (Msg::$key, Locale::Ja) => $ja,)*
                }
            }
        }
    };
}

catalog! {
    AppName => "Merit", "Merit";
    AppTagline => "Goals, recognition and competitions in one place", "目標・表彰・コンペティションをひとつに";
    SkipToContent => "Skip to content", "本文へスキップ";
    NavMain => "Main navigation", "メインナビゲーション";
    NavDashboard => "Dashboard", "ダッシュボード";
    NavPeople => "People", "メンバー";
    NavAdmin => "Administration", "管理";
    SwitchLanguage => "日本語", "English";
    SwitchLanguageLabel => "Switch the language to Japanese", "表示言語を英語に切り替える";
    SignedInAs => "Signed in as", "ログイン中";
    SignOut => "Sign out", "ログアウト";

    LoginTitle => "Sign in to Merit", "Merit にログイン";
    LoginIntro => "Use your work e-mail address and password.", "業務用のメールアドレスとパスワードを入力してください。";
    LoginEmail => "E-mail", "メールアドレス";
    LoginPassword => "Password", "パスワード";
    LoginSubmit => "Sign in", "ログイン";
    LoginInvalid => "Invalid email or password.", "メールアドレスまたはパスワードが正しくありません。";
    LoginThrottled => "Too many failed sign-in attempts. Try again after {time} (UTC).", "ログインの失敗が続いたため一時的に制限しています。{time}（UTC）以降に再度お試しください。";
    LoginMissing => "Enter your e-mail address and password.", "メールアドレスとパスワードを入力してください。";
    LoginDemoHint => "Demo accounts: admin@demo.test, hr@demo.test, manager@demo.test, employee@demo.test — password merit-demo (demo only).", "デモアカウント: admin@demo.test、hr@demo.test、manager@demo.test、employee@demo.test — パスワード merit-demo（デモ専用）";

    FlashSignedIn => "Welcome back, {name}.", "{name} さん、おかえりなさい。";
    FlashLocaleChanged => "Language switched to English.", "表示言語を日本語に切り替えました。";
    Close => "Close", "閉じる";
    Dismiss => "Dismiss notification", "通知を閉じる";

    RoleAdmin => "Admin", "管理者";
    RoleHr => "HR", "人事";
    RoleManager => "Manager", "マネージャー";
    RoleEmployee => "Employee", "社員";

    DashboardWelcome => "Welcome, {name}", "ようこそ、{name} さん";
    DashboardAdminIntro => "Keep the organization's settings, people and records in order.", "組織の設定・メンバー・記録を管理します。";
    DashboardHrIntro => "See the organization's people and teams.", "組織のメンバーとチームを確認できます。";
    DashboardManagerIntro => "Your teams and the people in them.", "あなたのチームとメンバーです。";
    DashboardEmployeeIntro => "Your profile and your team.", "あなたのプロフィールと所属チームです。";
    DashboardProfile => "Your profile", "プロフィール";
    DashboardYourTeams => "Your teams", "担当チーム";
    DashboardAllTeams => "Teams", "チーム一覧";
    DashboardMyTeam => "Your team", "所属チーム";
    DashboardNoTeams => "No teams yet.", "チームはまだありません。";
    DashboardRecentActivity => "Recent activity", "最近のアクティビティ";
    DashboardOpenAudit => "Open the audit log", "監査ログを開く";
    DashboardOpenPeople => "Open the people list", "メンバー一覧を開く";
    TeamManager => "Manager: {name}", "マネージャー: {name}";
    TeamMembers => "{count} members", "メンバー {count} 名";

    FieldName => "Name", "氏名";
    FieldEmail => "E-mail", "メールアドレス";
    FieldRole => "Role", "ロール";
    FieldLanguage => "Language", "言語";
    FieldStatus => "Status", "状態";
    FieldJoined => "Created", "登録日";
    LanguageEnglish => "English", "英語";
    LanguageJapanese => "Japanese", "日本語";
    LanguageUnset => "Browser default", "ブラウザーの設定";
    StatusActive => "Active", "有効";
    StatusInactive => "Inactive", "無効";

    AdminTitle => "Administration", "管理";
    AdminIntro => "Tools for administrators of your organization.", "組織の管理者向けのツールです。";
    AdminAuditDescription => "Every change and sign-in, who made it and when.", "すべての変更とログインの記録（誰が・いつ）。";

    AuditTitle => "Audit log", "監査ログ";
    AuditIntro => "Every change in your organization, newest first.", "組織内のすべての変更を新しい順に表示します。";
    AuditFilterActor => "Actor (name or e-mail)", "実行者（氏名またはメール）";
    AuditFilterAction => "Action", "操作";
    AuditFilterEntity => "Entity", "対象";
    AuditFilterFrom => "From", "開始日";
    AuditFilterTo => "To", "終了日";
    AuditFilterAny => "Any", "すべて";
    FilterApply => "Apply filters", "絞り込む";
    FilterReset => "Reset", "リセット";
    AuditWhen => "When (UTC)", "日時（UTC）";
    AuditActor => "Actor", "実行者";
    AuditAction => "Action", "操作";
    AuditEntity => "Entity", "対象";
    AuditDetails => "Details", "詳細";
    AuditShowDetails => "Show details", "詳細を表示";
    AuditEntryTitle => "Audit entry", "監査ログの詳細";
    AuditRequestId => "Request ID", "リクエスト ID";
    AuditPayload => "Data", "データ";
    AuditSystem => "System", "システム";
    AuditEmpty => "No entries match these filters.", "条件に一致する記録はありません。";

    PeopleTitle => "People", "メンバー";
    PeopleIntro => "Everyone in your organization.", "組織のすべてのメンバーです。";
    PeopleSearch => "Search by name or e-mail", "氏名またはメールで検索";
    PeopleAllRoles => "All roles", "すべてのロール";
    PeopleEmpty => "No people match this search.", "該当するメンバーはいません。";
    PeopleShowDetails => "Show profile", "プロフィールを表示";

    PaginationLabel => "Pagination", "ページ送り";
    PaginationPrevious => "Previous", "前へ";
    PaginationNext => "Next", "次へ";
    PaginationStatus => "Page {page} of {pages} · {total} in all", "{page} / {pages} ページ・全 {total} 件";

    ForbiddenTitle => "You do not have access to this page", "このページへのアクセス権がありません";
    ForbiddenBody => "Your role does not include this page. Ask an administrator if you need it.", "現在のロールではこのページを表示できません。必要な場合は管理者にお問い合わせください。";
    NotFoundTitle => "Page not found", "ページが見つかりません";
    NotFoundBody => "The page you asked for does not exist or is not available to you.", "お探しのページは存在しないか、表示できません。";
    BackToDashboard => "Back to the dashboard", "ダッシュボードに戻る";
    Loading => "Loading…", "読み込み中…";

    ErrUnauthenticated => "Please sign in to continue.", "続行するにはログインしてください。";
    ErrForbidden => "You do not have permission to do this.", "この操作を行う権限がありません。";
    ErrNotFound => "Not found.", "見つかりません。";
    ErrValidation => "Some fields are invalid.", "入力内容に誤りがあります。";
    ErrConflict => "Someone else changed this in the meantime.", "他のユーザーが先に変更しました。";
    ErrRateLimited => "Too many requests. Try again later.", "リクエストが多すぎます。しばらくしてから再度お試しください。";
    ErrTooLarge => "The upload is too large.", "アップロードが大きすぎます。";
    ErrInternal => "Something went wrong on our side. Please try again.", "サーバーでエラーが発生しました。もう一度お試しください。";
    ErrDateOrder => "The start date must not be after the end date.", "開始日は終了日より前にしてください。";
    ErrPageRange => "The page number must be 1 or more.", "ページ番号は 1 以上を指定してください。";

    NavGoals => "Goals", "目標";
    NavTeamGoals => "Team goals", "チームの目標";
    CategoryQuantitative => "Quantitative", "定量";
    CategoryQualitative => "Qualitative (PJ)", "定性（PJ）";
    CategoryCompetency => "Competency", "コンピテンシー";
    CategoryQuantitativeShort => "quantitative", "定量";
    CategoryQualitativeShort => "qualitative", "定性";
    CategoryCompetencyShort => "competency", "コンピテンシー";

    StageWeightsTitle => "Stage weights", "ステージ別ウェイト";
    StageWeightsIntro => "The weight budget per goal category for each stage. Goal sheets must add up to these.", "ステージごとの目標カテゴリ別ウェイト配分です。目標シートはこの配分に合わせて作成します。";
    AdminStageWeightsDescription => "Budgets per goal category for every stage, with their change history.", "ステージごとの目標カテゴリ別配分と変更履歴。";
    StageColumn => "Stage", "ステージ";
    LastChange => "Last change", "最終変更";
    LastChangeBy => "{when} by {name}", "{when}（{name}）";
    NeverChanged => "Default policy", "初期設定";
    Actions => "Actions", "操作";
    Edit => "Edit", "編集";
    History => "History", "履歴";
    AddStage => "Add stage", "ステージを追加";
    EditStageTitle => "Edit weights: {stage}", "ウェイトを編集: {stage}";
    WeightsHelp => "定量 = quantitative goals, 定性 = qualitative (project) goals, コンピテンシー = competency. Each from 0 to 100 with at most two decimals.", "定量 = 数値目標、定性 = 定性（プロジェクト）目標、コンピテンシー = 行動目標。各 0〜100、小数点以下2桁まで。";
    PerformanceTotal => "Quantitative + qualitative: {total}%", "定量＋定性: {total}%";
    PerformanceWarning => "Quantitative + qualitative is expected to be 100%.", "定量＋定性は 100% になるのが通常です。";
    Save => "Save", "保存";
    Cancel => "Cancel", "キャンセル";
    WeightOutOfRange => "Enter a number from 0 to 100.", "0〜100 の数値を入力してください。";
    WeightTooManyDecimals => "Use at most two decimals.", "小数点以下は2桁までにしてください。";
    WeightNotANumber => "Enter a number.", "数値を入力してください。";
    WeightsAllZero => "At least one weight must be above 0.", "少なくとも1つのウェイトを 0 より大きくしてください。";
    StageConflict => "Someone else saved this stage first. Its current values are shown; check them and save again.", "他の管理者が先にこのステージを保存しました。最新の値を表示しています。確認してから再度保存してください。";
    StageSaved => "{stage} saved.", "{stage} を保存しました。";
    HistoryTitle => "Weight history: {stage}", "ウェイト変更履歴: {stage}";
    HistoryEmpty => "No changes yet.", "変更はまだありません。";

    GoalsTitle => "Goal sheet", "目標シート";
    GoalsIntro => "{period} · {stage}", "{period}・{stage}";
    BudgetBadge => "{category}: {allocated} / {budget}% allocated", "{category}: {allocated} / {budget}% 割当済み";
    HelperRemaining => "Allocate the remaining {remaining}% to {category} goals.", "残り{remaining}%を{category}目標に割り当ててください";
    HelperOver => "{category} goals are {over}% over the budget.", "{category}目標が配分を{over}%超えています";
    ZeroBudget => "{category} goals are not evaluated at this stage (0%)", "{category}目標はこのステージでは評価対象外 (0%)";
    AllocationComplete => "{stage}'s {q}%/{ql}% allocation is complete.", "{stage} の{q}%/{ql}%配分が完了しました";
    AddGoal => "Add goal", "目標を追加";
    GoalTitle => "Title", "タイトル";
    GoalDescription => "Description", "説明";
    GoalMeasure => "Measure / target", "測定方法・目標値";
    GoalWeight => "Weight (%)", "ウェイト（%）";
    FillRemaining => "Fill remaining", "残りを割り当て";
    RemoveGoal => "Remove", "削除";
    SaveDraft => "Save draft", "下書き保存";
    Submit => "Submit", "提出";
    StatusDraft => "Draft", "下書き";
    StatusSubmitted => "Submitted", "提出済み";
    StatusApproved => "Approved", "承認済み";
    StatusReturned => "Returned", "差し戻し";
    StatusNotStarted => "Not started", "未作成";
    ManagerComment => "Manager's comment", "マネージャーのコメント";
    StageTable => "Stage table", "ステージ表";
    DraftSaved => "Draft saved.", "下書きを保存しました。";
    SheetSubmitted => "Submitted to your manager.", "マネージャーに提出しました。";
    SheetReadOnly => "This sheet can no longer be edited.", "このシートは編集できません。";
    SubmitHint => "Submit is available when every category matches its budget.", "すべてのカテゴリが配分どおりになると提出できます。";
    NoStage => "User must be assigned to a stage before creating goals", "目標を作成する前にステージを割り当ててください";
    NoOpenPeriod => "There is no open evaluation period.", "現在受付中の評価期間はありません。";
    TitleRequired => "Enter a title for every goal.", "すべての目標にタイトルを入力してください。";
    TextTooLong => "A text is too long.", "入力が長すぎます。";
    OverBudgetError => "A category is over its budget.", "配分を超えているカテゴリがあります。";
    UnderBudgetError => "Every category must match its budget before submitting.", "提出するには、すべてのカテゴリを配分どおりにしてください。";
    ZeroBudgetError => "A category with a 0% budget cannot take weighted goals.", "配分 0% のカテゴリにはウェイトを設定できません。";
    TooManyGoals => "At most 20 goals per category.", "1カテゴリあたりの目標は20件までです。";
    SheetLocked => "This sheet has been submitted or approved and cannot be changed.", "このシートは提出済みまたは承認済みのため変更できません。";

    TeamGoalsTitle => "Team goal sheets", "チームの目標シート";
    TeamGoalsIntro => "Your team members' sheets for the open period.", "受付中の評価期間におけるメンバーの目標シートです。";
    TeamGoalsEmpty => "You do not manage a team.", "担当しているチームはありません。";
    OpenSheet => "Open", "開く";
    Team => "Team", "チーム";
    ReviewTitle => "Goal sheet of {name}", "{name} さんの目標シート";
    Approve => "Approve", "承認";
    Return => "Return", "差し戻す";
    CommentLabel => "Comment", "コメント";
    CommentRequired => "A comment is required to return a sheet.", "差し戻すにはコメントが必要です。";
    ReviewNotSubmitted => "Only submitted sheets can be approved or returned.", "承認・差し戻しができるのは提出済みのシートだけです。";
    BackToTeam => "Back to the team", "チーム一覧に戻る";
}

/// The message with `{placeholders}` filled in.
pub fn tr(locale: Locale, msg: Msg, args: &[(&str, &str)]) -> String {
    let mut text = msg.text(locale).to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

pub fn role_msg(role: Role) -> Msg {
    match role {
        Role::Admin => Msg::RoleAdmin,
        Role::Hr => Msg::RoleHr,
        Role::Manager => Msg::RoleManager,
        Role::Employee => Msg::RoleEmployee,
    }
}

pub fn error_msg(code: ErrorCode) -> Msg {
    match code {
        ErrorCode::Unauthenticated => Msg::ErrUnauthenticated,
        ErrorCode::Forbidden => Msg::ErrForbidden,
        ErrorCode::NotFound => Msg::ErrNotFound,
        ErrorCode::ValidationError => Msg::ErrValidation,
        ErrorCode::Conflict => Msg::ErrConflict,
        ErrorCode::RateLimitExceeded => Msg::ErrRateLimited,
        ErrorCode::PayloadTooLarge => Msg::ErrTooLarge,
        ErrorCode::Internal => Msg::ErrInternal,
    }
}

/// Field errors the pages know how to say; unknown codes fall back to the generic message.
pub fn field_error_msg(field: &str, code: &str) -> Msg {
    match code {
        "out_of_range" if field == "page" || field == "pageSize" => Msg::ErrPageRange,
        "after_to" => Msg::ErrDateOrder,
        "out_of_range" => Msg::WeightOutOfRange,
        "too_many_decimals" => Msg::WeightTooManyDecimals,
        "not_a_number" => Msg::WeightNotANumber,
        "all_zero" => Msg::WeightsAllZero,
        "no_stage" => Msg::NoStage,
        "no_open_period" => Msg::NoOpenPeriod,
        "required" => Msg::TitleRequired,
        "too_long" => Msg::TextTooLong,
        "over_budget" => Msg::OverBudgetError,
        "under_budget" => Msg::UnderBudgetError,
        "zero_budget_category" => Msg::ZeroBudgetError,
        "too_many_goals" => Msg::TooManyGoals,
        _ => Msg::ErrValidation,
    }
}

pub fn category_msg(category: Category) -> Msg {
    match category {
        Category::Quantitative => Msg::CategoryQuantitative,
        Category::Qualitative => Msg::CategoryQualitative,
        Category::Competency => Msg::CategoryCompetency,
    }
}

/// The category as a word inside a sentence (定量, quantitative).
pub fn category_short_msg(category: Category) -> Msg {
    match category {
        Category::Quantitative => Msg::CategoryQuantitativeShort,
        Category::Qualitative => Msg::CategoryQualitativeShort,
        Category::Competency => Msg::CategoryCompetencyShort,
    }
}

pub fn sheet_status_msg(status: SheetStatus) -> Msg {
    match status {
        SheetStatus::Draft => Msg::StatusDraft,
        SheetStatus::Submitted => Msg::StatusSubmitted,
        SheetStatus::Approved => Msg::StatusApproved,
        SheetStatus::Returned => Msg::StatusReturned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_text_in_both_languages() {
        for msg in Msg::ALL {
            assert!(
                !msg.text(Locale::En).trim().is_empty(),
                "{msg:?} has no English"
            );
            assert!(
                !msg.text(Locale::Ja).trim().is_empty(),
                "{msg:?} has no Japanese"
            );
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        let placeholders = |s: &str| {
            let mut found: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
                .collect();
            found.sort();
            found
        };
        for msg in Msg::ALL {
            assert_eq!(
                placeholders(msg.text(Locale::En)),
                placeholders(msg.text(Locale::Ja)),
                "{msg:?}"
            );
        }
    }

    #[test]
    fn goal_sheet_sentences_read_as_specified() {
        let ja = |msg, args: &[(&str, &str)]| tr(Locale::Ja, msg, args);
        let quantitative = category_short_msg(Category::Quantitative).text(Locale::Ja);
        let qualitative = category_short_msg(Category::Qualitative).text(Locale::Ja);
        assert_eq!(
            ja(
                Msg::HelperRemaining,
                &[("remaining", "30"), ("category", quantitative)]
            ),
            "残り30%を定量目標に割り当ててください"
        );
        assert_eq!(
            ja(Msg::ZeroBudget, &[("category", qualitative)]),
            "定性目標はこのステージでは評価対象外 (0%)"
        );
        assert_eq!(
            ja(
                Msg::AllocationComplete,
                &[("stage", "Stage 3"), ("q", "70"), ("ql", "30")]
            ),
            "Stage 3 の70%/30%配分が完了しました"
        );
    }

    #[test]
    fn tr_fills_placeholders() {
        assert_eq!(
            tr(Locale::Ja, Msg::DashboardWelcome, &[("name", "花子")]),
            "ようこそ、花子 さん"
        );
    }
}
