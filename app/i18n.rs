//! The one catalog of user-facing text, in English and Japanese. Every key has both by
//! construction: the macro will not compile a key without its two translations.

use crate::competitions::{CompetitionRole, CompetitionStatus, SubmissionStatus, ValidationCode};
use crate::domain::weights::Category;
use crate::domain::{ConflictReason, ErrorCode, FieldCode, Locale, Role};
use crate::goals::SheetStatus;
use crate::nominations::{CycleStatus, NominationStatus};
use crate::users::ImportCode;

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
    LoginThrottledLater => "Too many failed sign-in attempts. Try again in 15 minutes.", "ログインの失敗が続いたため一時的に制限しています。15 分後に再度お試しください。";
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
    ErrUnavailable => "Merit is busy right now. Please try again in a moment.", "ただいま混み合っています。少し待ってから再度お試しください。";
    ErrLengthRequired => "The upload did not say how large it is; try again from the page.", "アップロードのサイズが送信されませんでした。ページから再度お試しください。";
    ErrMethodNotAllowed => "This action is not available here.", "この操作はここでは利用できません。";
    ErrUnsupportedMediaType => "The request was sent in a format Merit does not accept.", "Merit が受け付けない形式でリクエストが送信されました。";
    ErrNulCharacter => "Text must not contain NUL characters.", "テキストに NUL 文字を含めることはできません。";
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
    NavNominations => "Nominations", "表彰推薦";
    NominationsTitle => "Recognition nominations", "表彰推薦";
    NominationsIntro => "Nominate colleagues while a cycle is open; results are published when HR finalizes it.", "受付中のサイクルで同僚を推薦できます。結果は人事が確定した時点で公開されます。";
    CyclesEmpty => "No cycles here yet.", "該当するサイクルはまだありません。";
    CycleStatusDraft => "Draft", "下書き";
    CycleStatusOpen => "Open", "受付中";
    CycleStatusClosed => "Closed", "締切済み";
    CycleStatusFinalized => "Finalized", "確定済み";
    CycleWindow => "{start} – {end} (UTC)", "{start} 〜 {end}（UTC）";
    CycleColumn => "Cycle", "サイクル";
    WindowColumn => "Window", "受付期間";
    Nominate => "Nominate", "推薦する";
    ViewCycle => "Details", "詳細";
    ReviewNominations => "Review", "審査";
    Leaderboard => "Leaderboard", "ランキング";
    ManageCycles => "Manage cycles", "サイクル管理";
    NominationHistory => "History", "履歴";
    BackToNominations => "Back to nominations", "表彰推薦に戻る";
    Criteria => "Criteria", "評価基準";
    CriterionName => "Criterion", "評価基準";
    CriterionWeight => "Weight", "ウェイト";
    CriterionDescription => "Description", "説明";
    ScaleInfo => "Scores from {min} to {max}", "スコアは {min}〜{max}";
    MyNominations => "My nominations", "自分の推薦";
    MyNominationsEmpty => "You have not nominated anyone in this cycle.", "このサイクルではまだ誰も推薦していません。";
    Nominee => "Nominee", "候補者";
    Submitter => "Nominated by", "推薦者";
    WeightedScore => "Weighted score", "加重スコア";
    NominationPending => "Pending", "審査待ち";
    NominationApproved => "Approved", "承認";
    NominationRejected => "Rejected", "却下";
    NominateTitle => "Nominate for {cycle}", "{cycle} への推薦";
    ChooseNominee => "Choose a person", "対象者を選択してください";
    ScoreLabel => "Score ({min}–{max})", "スコア（{min}〜{max}）";
    ScoreComment => "Comment (optional)", "コメント（任意）";
    Justification => "Justification", "推薦理由";
    JustificationHelp => "What did this person do that deserves recognition?", "表彰に値する具体的な行動や成果を記入してください。";
    NominationTotal => "Weighted total: {total}", "加重合計: {total}";
    SubmitNomination => "Submit nomination", "推薦を提出";
    NominationSubmitted => "Nomination submitted for {name}. It now waits for approval.", "{name} さんへの推薦を提出しました。承認をお待ちください。";
    NominateAnother => "Nominate someone else", "別の人を推薦する";
    NomineeRequired => "Choose the person you nominate.", "推薦する相手を選択してください。";
    ScoreMissing => "Give every criterion a whole-number score within the scale.", "すべての評価基準にスケール内の整数スコアを入力してください。";
    JustificationRequired => "Write a justification (at most 4000 characters).", "推薦理由を入力してください（4000文字以内）。";
    NotNominating => "This cycle does not take nominations now.", "このサイクルは現在推薦を受け付けていません。";
    ErrSelfNomination => "You cannot nominate yourself.", "自分自身を推薦することはできません。";
    ErrUnknownPerson => "That person is not an active member of your organization.", "その人は組織の有効なメンバーではありません。";
    ErrOutOfScale => "Scores must be within the cycle's scale.", "スコアはサイクルのスケール内で入力してください。";
    ErrDuplicateNomination => "You have already nominated this person in this cycle.", "このサイクルでは既にこの人を推薦しています。";
    ErrOutsideWindow => "Nominations are accepted only inside the cycle's window.", "推薦は受付期間内のみ可能です。";
    ErrCycleStatus => "The cycle's status does not allow this any more. Reload the page.", "サイクルの状態が変わったため、この操作はできません。ページを再読み込みしてください。";
    ErrAlreadyDecided => "This nomination has already been decided.", "この推薦は既に審査済みです。";
    ErrWeightsNotMet => "The active criteria weights must add up to 100% before the cycle opens.", "受付を開始するには、有効な評価基準のウェイト合計を100%にしてください。";
    ErrCriterionWeight => "Enter a weight above 0 and at most 1, with at most three decimals.", "ウェイトは 0 より大きく 1 以下、小数点以下3桁までで入力してください。";
    ErrEndBeforeStart => "The end date must be after the start date.", "終了日は開始日より後にしてください。";
    ErrScale => "The scale needs 0 ≤ lowest < highest ≤ 100.", "スケールは 0 ≤ 最低 < 最高 ≤ 100 で指定してください。";
    ErrNameRequired => "Enter a name (at most 200 characters).", "名称を入力してください（200文字以内）。";
    ReviewCycleTitle => "Review nominations — {cycle}", "推薦の審査 — {cycle}";
    ReviewCycleIntro => "Approve or reject pending nominations. Nobody decides a nomination they submitted or received.", "審査待ちの推薦を承認または却下します。自分が推薦者・候補者の推薦は審査できません。";
    PendingEmpty => "No nominations wait for a decision.", "審査待ちの推薦はありません。";
    PendingHeading => "Pending", "審査待ち";
    DecidedHeading => "Decided", "審査済み";
    RejectReason => "Reason for rejection", "却下理由";
    RejectReasonRequired => "A rejection needs a reason.", "却下には理由が必要です。";
    Reject => "Reject", "却下";
    CannotDecideOwn => "You submitted or received this nomination; someone else decides it.", "自分が推薦者または候補者のため、他の人が審査します。";
    DecidedApproved => "Nomination for {name} approved.", "{name} さんへの推薦を承認しました。";
    DecidedRejected => "Nomination for {name} rejected.", "{name} さんへの推薦を却下しました。";
    LeaderboardTitle => "Leaderboard — {cycle}", "ランキング — {cycle}";
    LeaderboardLive => "Live results from approved nominations, visible to HR and admins until the cycle is finalized.", "承認済みの推薦に基づく暫定結果です。サイクル確定までは人事と管理者のみに表示されます。";
    LeaderboardFinal => "Final results, frozen on {date}.", "{date} に確定した最終結果です。";
    RankColumn => "Rank", "順位";
    TotalColumn => "Total", "合計";
    ApprovedColumn => "Approved nominations", "承認済み推薦数";
    Tied => "tie", "同率";
    LeaderboardEmpty => "No approved nominations yet.", "承認済みの推薦はまだありません。";
    LeaderboardHidden => "Results are published when HR finalizes the cycle.", "結果は人事がサイクルを確定した時点で公開されます。";
    HistoryPageTitle => "Nomination history", "表彰履歴";
    HistoryPageIntro => "Finalized cycles and their results as they were frozen.", "確定済みのサイクルと、確定時点の結果です。";
    HistoryEmptyCycles => "No cycle has been finalized yet.", "確定済みのサイクルはまだありません。";
    DownloadCsv => "Download CSV", "CSV をダウンロード";
    FinalizedOn => "Finalized {date}", "{date} 確定";
    CyclesAdminTitle => "Nomination cycles", "表彰サイクル";
    CyclesAdminIntro => "Create cycles, set their weighted criteria, and run them from open to finalized.", "サイクルを作成し、評価基準とウェイトを設定して、受付開始から確定まで運用します。";
    NewCycle => "New cycle", "新規サイクル";
    CycleName => "Name", "名称";
    CycleDescription => "Description", "説明";
    CycleStart => "First day (UTC)", "開始日（UTC）";
    CycleEnd => "Last day (UTC)", "終了日（UTC）";
    ScaleMin => "Lowest score", "最低スコア";
    ScaleMax => "Highest score", "最高スコア";
    CreateCycle => "Create cycle", "サイクルを作成";
    Manage => "Manage", "管理";
    CycleDetails => "Cycle details", "サイクルの設定";
    CriteriaSum => "Weights: {sum} / 100%", "ウェイト: {sum} / 100%";
    CriteriaSumHelp => "Active criteria weights (0–1 each) must add up to 1.0 = 100% before the cycle opens.", "有効な評価基準のウェイト（各 0〜1）の合計が 1.0 = 100% になると受付を開始できます。";
    AddCriterion => "Add criterion", "評価基準を追加";
    CriterionWeightInput => "Weight (0–1)", "ウェイト（0〜1）";
    ActiveLabel => "Active", "有効";
    InactiveLabel => "Inactive", "無効";
    Deactivate => "Deactivate", "無効にする";
    Activate => "Activate", "有効にする";
    NoCriteria => "No criteria yet. Add at least one.", "評価基準がまだありません。1つ以上追加してください。";
    OpenCycle => "Open cycle", "受付を開始";
    CloseCycle => "Close cycle", "締め切る";
    FinalizeCycle => "Finalize results", "結果を確定";
    ConfirmTitle => "Please confirm", "確認";
    ConfirmOpen => "Open “{cycle}”? Criteria can no longer change and nominations start.", "「{cycle}」の受付を開始しますか？評価基準は変更できなくなり、推薦の受付が始まります。";
    ConfirmClose => "Close “{cycle}”? No more nominations are accepted.", "「{cycle}」を締め切りますか？以降の推薦は受け付けません。";
    ConfirmFinalize => "Finalize “{cycle}”? The results are frozen into history and shown to everyone. This cannot be undone.", "「{cycle}」の結果を確定しますか？結果は履歴に保存され全員に公開されます。取り消しはできません。";
    ConfirmYes => "Yes, continue", "実行する";
    CycleSaved => "Saved.", "保存しました。";
    CycleOpened => "The cycle is open for nominations.", "推薦の受付を開始しました。";
    CycleClosed => "The cycle is closed.", "サイクルを締め切りました。";
    CycleFinalized => "The results are finalized.", "結果を確定しました。";
    CriteriaLocked => "Criteria and details can change only while the cycle is a draft.", "評価基準と設定は下書きの間のみ変更できます。";

    NavCompetitions => "Competitions", "コンペティション";
    CompetitionsTitle => "Competitions", "コンペティション";
    CompetitionsIntro => "Internal prediction challenges: join one, upload predictions and climb the leaderboard.", "社内の予測コンペティションです。参加して予測を提出し、リーダーボードで順位を競いましょう。";
    CompetitionsEmpty => "No competitions match.", "該当するコンペティションはありません。";
    NewCompetition => "New competition", "コンペティションを作成";
    NewCompetitionIntro => "You become its sponsor. It starts as a draft: upload an answer key, then activate it.", "作成者が主催者になります。下書きとして作成されるので、正解データをアップロードしてから公開してください。";
    SearchLabel => "Search", "検索";
    FilterAll => "All", "すべて";
    CompStatusDraft => "Draft", "下書き";
    CompStatusActive => "Active", "開催中";
    CompStatusEnded => "Ended", "終了";
    CompRoleSponsor => "Sponsor", "主催者";
    CompRoleParticipant => "Participant", "参加者";
    CompRoleViewer => "Viewer", "閲覧者";
    ParticipantsLabel => "Participants", "参加者数";
    DeadlineLabel => "Deadline", "締切";
    MetricLabel => "Metric", "評価指標";
    SponsorLabel => "Sponsor", "主催者";
    TabOverview => "Overview", "概要";
    TabData => "Data", "データ";
    TabLeaderboard => "Leaderboard", "リーダーボード";
    TabSubmissions => "Submissions", "提出";
    TabAdmin => "Admin", "管理";
    EnrollAction => "Join competition", "参加する";
    UnenrollAction => "Leave competition", "参加をやめる";
    EnrolledBadge => "Enrolled", "参加中";
    AnnouncementsHeading => "Announcements", "お知らせ";
    NoAnnouncements => "No announcements yet.", "お知らせはまだありません。";
    DataFormatHeading => "Expected file", "提出ファイルの形式";
    DataFormatText => "A UTF-8 CSV file with a header row and the columns {id} and {prediction}, one row for every id of the test set ({rows} rows).", "ヘッダー行と {id}・{prediction} の2列を持つ UTF-8 の CSV ファイルです。テストデータの全 ID（{rows} 行）を1行ずつ含めてください。";
    KindProbability => "Predictions are probabilities between 0 and 1.", "予測値は 0 以上 1 以下の確率です。";
    KindLabel => "Predictions are 0 or 1.", "予測値は 0 または 1 です。";
    KindReal => "Predictions are numbers.", "予測値は数値です。";
    HigherIsBetter => "Higher scores are better.", "スコアは高いほど良い評価です。";
    LowerIsBetter => "Lower scores are better.", "スコアは低いほど良い評価です。";
    PublicShareText => "{share}% of the rows score the public leaderboard; the other rows decide the private leaderboard, shown after the deadline.", "全体の {share}% の行で公開リーダーボードを採点し、残りの行で締切後に公開される非公開リーダーボードを決定します。";
    MaxFileSize => "Files may be up to {mb} MB. You can submit {limit} valid files per day (UTC); invalid files do not count.", "ファイルサイズの上限は {mb} MB です。有効な提出は1日（UTC）{limit} 回までで、無効なファイルは回数に含まれません。";
    DownloadSample => "Download a sample submission", "サンプル提出ファイルをダウンロード";
    NoKeyYet => "The answer key is not uploaded yet.", "正解データはまだアップロードされていません。";
    PublicBoard => "Public leaderboard", "公開リーダーボード";
    PrivateBoard => "Private leaderboard", "非公開リーダーボード";
    PrivateAfterDeadline => "The private leaderboard appears after the deadline.", "非公開リーダーボードは締切後に表示されます。";
    AroundMe => "Around me", "自分の周辺";
    ShowAll => "Show everyone", "全員を表示";
    NotRanked => "You are not on the leaderboard yet.", "まだリーダーボードに載っていません。";
    BoardEmpty => "No scores yet.", "まだスコアはありません。";
    ParticipantColumn => "Participant", "参加者";
    ScoreColumn => "Score", "スコア";
    EntriesColumn => "Entries", "提出数";
    SubmittedColumn => "Submitted", "提出日時";
    FileColumn => "File", "ファイル";
    UploadHeading => "Submit predictions", "予測を提出";
    CsvFile => "CSV file", "CSV ファイル";
    UploadAction => "Upload", "アップロード";
    Uploading => "Uploading… {pct}%", "アップロード中… {pct}%";
    Scoring => "Checking and scoring…", "検証・採点中…";
    QuotaRemaining => "{left} of {limit} submissions left today (resets {time} UTC).", "本日の残り提出回数: {left} / {limit}（{time} UTC にリセット）";
    ResultHeading => "Your submission was scored", "提出を採点しました";
    ResultScore => "Score", "スコア";
    ResultRank => "Rank", "順位";
    PreviousRank => "Previous rank: {rank}", "前回の順位: {rank}";
    FirstRank => "Your first ranking.", "初めての順位です。";
    FileRejected => "The file was not accepted. Fix these problems and upload again:", "ファイルは受け付けられませんでした。次の問題を修正して再度アップロードしてください:";
    QuotaUsed => "You have used all {limit} submissions for today. Try again after {time} UTC.", "本日の提出回数（{limit} 回）を使い切りました。{time} UTC 以降に再度お試しください。";
    ChooseFileFirst => "Choose a CSV file first.", "先に CSV ファイルを選択してください。";
    JoinToSubmit => "Join the competition to submit predictions.", "予測を提出するにはコンペティションに参加してください。";
    SponsorCannotSubmit => "Sponsors do not compete in their own competition.", "主催者は自分のコンペティションには参加できません。";
    SubmissionsClosed => "Submissions are closed.", "提出は締め切られました。";
    YourSubmissions => "Your submissions", "あなたの提出";
    NoSubmissions => "No submissions yet.", "まだ提出はありません。";
    SubStatusScored => "Scored", "採点済み";
    SubStatusInvalid => "Invalid", "無効なファイル";
    SubStatusInvalidated => "Invalidated", "無効化";
    InvalidatedBecause => "Invalidated by the sponsor: {reason}", "主催者により無効化: {reason}";
    ValMissingColumn => "A required column is missing.", "必要な列がありません。";
    ValNotANumber => "{count} values are not numbers.", "数値でない値が {count} 件あります。";
    ValOutOfRange => "{count} values are out of range (for probabilities: 0 to 1; no NaN or infinity).", "範囲外の値が {count} 件あります（確率は 0〜1、NaN や無限大は不可）。";
    ValDuplicateIds => "{count} ids appear more than once.", "重複した ID が {count} 件あります。";
    ValUnknownIds => "{count} ids are not in the test set.", "テストデータにない ID が {count} 件あります。";
    ValMissingIds => "{count} ids of the test set are missing.", "テストデータの ID が {count} 件不足しています。";
    ValEmptyFile => "The file is empty.", "ファイルが空です。";
    ValTooLarge => "The file is larger than the limit.", "ファイルが上限サイズを超えています。";
    ValNotUtf8 => "The file is not UTF-8 text.", "ファイルが UTF-8 のテキストではありません。";
    ValNulBytes => "{count} line(s) contain NUL bytes; save the file as plain UTF-8 text.", "{count} 行に NUL バイトが含まれています。UTF-8 のテキストとして保存してください。";
    ValLineTooLong => "{count} row(s) are longer than 64 KiB.", "{count} 行が 64 KiB を超えています。";
    ValTooManyColumns => "{count} row(s) have more than 256 columns.", "{count} 行の列数が 256 を超えています。";
    ValIdTooLong => "{count} id(s) are longer than 200 characters.", "{count} 件の ID が 200 文字を超えています。";
    ValKeyPartEmpty => "A part of the leaderboard (public or private) would have no rows: add rows or change the public share.", "公開・非公開のどちらかのリーダーボードに行がありません。行を追加するか公開割合を変更してください。";
    ValScoreNotFinite => "The score is not a finite number: the predictions are too large.", "スコアが有限の数になりません。予測値が大きすぎます。";
    ValTooManyRows => "The answer key has more than 1,000,000 rows.", "解答ファイルの行数が 1,000,000 を超えています。";
    ValExtraColumns => "{count} extra column(s) were ignored.", "{count} 個の余分な列は無視されました。";
    QuotaInvalidUsed => "You have uploaded {limit} invalid files today. Try again after {time} UTC.", "本日は無効なファイルを {limit} 件アップロードしました。{time}（UTC）以降に再度お試しください。";
    ValLines => "Lines: {lines}", "行: {lines}";
    ValExamples => "Examples: {examples}", "例: {examples}";
    SettingsHeading => "Settings", "設定";
    FieldTitle => "Title", "タイトル";
    FieldDescriptionMd => "Description (Markdown)", "説明（Markdown）";
    FieldDeadline => "Deadline (UTC)", "締切（UTC）";
    FieldIdColumn => "Id column", "ID 列名";
    FieldPredictionColumn => "Prediction column", "予測列名";
    FieldDailyLimit => "Daily submission limit", "1日の提出上限";
    FieldPublicShare => "Public share (0.01–0.99)", "公開リーダーボードの割合（0.01〜0.99）";
    CreateAction => "Create", "作成";
    AnswerKeyHeading => "Answer key", "正解データ";
    AnswerKeyInfoText => "Version {version}: {rows} rows, {public} of them public.", "バージョン {version}: {rows} 行（うち公開 {public} 行）";
    UploadKey => "Upload answer key", "正解データをアップロード";
    KeyStored => "Answer key version {version} stored; {rescored} stored submissions are rescored in the background (the Admin tab shows the progress).", "正解データ バージョン {version} を保存しました。保存済みの提出 {rescored} 件をバックグラウンドで再採点します（進み具合は管理タブに表示されます）。";
    RescoringRunning => "Rescoring against version {version}: {done} of {total} submissions done. Reload to follow it; the leaderboard mixes both versions until it is done.", "バージョン {version} での再採点中: {total} 件中 {done} 件完了。再読み込みで進み具合を確認できます。完了するまでリーダーボードには両方のバージョンの得点が混在します。";
    RescoringDone => "Version {version} rescored {total} submissions; {invalid} no longer score; {moves} ranks moved.", "バージョン {version} で {total} 件を再採点しました。採点できなくなった提出 {invalid} 件、順位が変わった参加者 {moves} 人。";
    RescoringSuperseded => "Rescoring against version {version} was replaced by a newer version.", "バージョン {version} での再採点は、より新しいバージョンに置き換えられました。";
    ActivateCompetition => "Activate", "公開する";
    ActivateHint => "Activation opens enrollment and submissions until the deadline.", "公開すると締切まで参加と提出を受け付けます。";
    StatsHeading => "Statistics", "統計";
    StatSubmissions => "Submissions", "提出数";
    StatScored => "Scored", "採点済み";
    StatInvalid => "Invalid", "無効なファイル";
    StatInvalidated => "Invalidated", "無効化";
    StatBest => "Best score", "最高スコア";
    ChartPerDay => "Submissions per day (last 14 days, UTC)", "日別の提出数（直近14日、UTC）";
    ChartDistribution => "Score distribution (public scores)", "スコア分布（公開スコア）";
    ChartEmpty => "No scored submissions yet.", "採点済みの提出はまだありません。";
    ParticipantsHeading => "Participants", "参加者";
    EnrolledColumn => "Enrolled", "参加日";
    AllSubmissionsHeading => "All submissions", "すべての提出";
    InvalidateAction => "Invalidate", "無効化";
    InvalidateReason => "Reason for invalidating", "無効化の理由";
    InvalidateConfirm => "Invalidate submission", "提出を無効化";
    ReasonRequired => "Enter a reason.", "理由を入力してください。";
    AnnounceHeading => "Post an announcement", "お知らせを投稿";
    AnnounceBody => "Message", "メッセージ";
    PostAction => "Post", "投稿";
    ErrDeadlinePast => "The deadline must be in the future.", "締切は未来の日時にしてください。";
    ErrMetric => "Choose a metric.", "評価指標を選択してください。";
    ErrColumnName => "Column names need 1–100 characters without commas or quotes, and must differ.", "列名は 1〜100 文字で、カンマや引用符を含まず、互いに異なる必要があります。";
    ErrDailyLimit => "The daily limit must be between 1 and 100.", "1日の提出上限は 1〜100 にしてください。";
    ErrPublicShare => "The public share must be between 0.01 and 0.99 with at most two decimals.", "公開割合は 0.01〜0.99（小数第2位まで）にしてください。";
    ErrBodyRequired => "Write a message (at most 4000 characters).", "メッセージを入力してください（4000 文字以内）。";
    ErrShareLocked => "The public share cannot change once an answer key is uploaded.", "正解データのアップロード後は公開割合を変更できません。";
    ErrCompetitionStatus => "The competition is not in a state that allows this.", "コンペティションの現在の状態ではこの操作はできません。";
    ErrNoAnswerKey => "Upload a valid answer key before activating.", "公開する前に正しい正解データをアップロードしてください。";
    ErrDeadlinePassed => "The deadline has passed; submissions are closed.", "締切を過ぎたため提出は締め切られました。";
    ErrKeyIdsChanged => "A new answer key for an active competition must keep the same ids.", "開催中のコンペティションの正解データは同じ ID のまま更新してください。";
    ErrCompetitionEnded => "The competition has ended.", "コンペティションは終了しました。";
    ErrSubmissionStatus => "Only scored submissions can be invalidated.", "無効化できるのは採点済みの提出のみです。";
    LocalTimeNote => "Times are shown in your time zone.", "時刻はお使いのタイムゾーンで表示しています。";

    FieldStage => "Stage", "ステージ";
    FieldTeam => "Team", "チーム";
    FieldManager => "Manager", "マネージャー";
    FieldLastSignIn => "Last sign-in", "最終ログイン";
    FieldStartsOn => "Starts on", "開始日";
    FieldEndsOn => "Ends on", "終了日";
    Never => "Never", "なし";
    Remove => "Remove", "外す";
    Add => "Add", "追加";
    Copy => "Copy", "コピー";
    Copied => "Copied", "コピーしました";
    NoStageOption => "No stage", "ステージなし";
    NoTeamOption => "No team", "チームなし";
    PeopleAllStatuses => "All statuses", "すべての状態";
    PeopleImport => "Import from CSV", "CSV から取り込む";
    PeopleExport => "Export CSV", "CSV を書き出す";
    PeopleEdit => "Edit", "編集";
    PersonAdd => "Add person", "メンバーを追加";
    PersonCreated => "{name} was added. Create a set-password link so they can sign in.", "{name} さんを追加しました。ログインできるようにパスワード設定リンクを作成してください。";
    PersonSaved => "Saved {name}.", "{name} さんの情報を保存しました。";
    PersonDeactivated => "{name} is deactivated and signed out; their records stay.", "{name} さんを無効にし、ログアウトさせました。記録は残ります。";
    PersonReactivated => "{name} is active again.", "{name} さんを再び有効にしました。";
    PersonDeactivate => "Deactivate", "無効にする";
    PersonDeactivateConfirm => "Click again to deactivate", "もう一度押すと無効にします";
    PersonReactivate => "Reactivate", "再び有効にする";
    LastSignInAt => "Last sign-in: {time}", "最終ログイン: {time}";
    NoPasswordYet => "no password yet", "パスワード未設定";
    AdminPeopleDescription => "Add people, give them a role, stage and team, import them from CSV.", "メンバーの追加、ロール・ステージ・チームの設定、CSV からの取り込みを行います。";
    StageChangeBudgets => "Budgets (定量 / 定性 / コンピテンシー): {before} → {after}", "配分（定量 / 定性 / コンピテンシー）: {before} → {after}";
    StageChangeBackToDraft => "Their submitted goal sheet no longer meets the new budget: saving sends it back to draft with a note for them.", "提出済みの目標シートが新しい配分に合わなくなるため、保存すると下書きに戻り、本人に通知が表示されます。";
    StageChangeRebalance => "Their draft goal sheet will need rebalancing to the new budget before it can be submitted.", "下書きの目標シートは、提出前に新しい配分に合わせて調整が必要です。";
    StageChangeSheetFine => "Their goal sheet already meets the new budget.", "目標シートは新しい配分をすでに満たしています。";
    StageChangeNoSheet => "They have no goal sheet in the open period yet.", "公開中の評価期間の目標シートはまだありません。";
    PasswordLinkCreate => "Create set-password link", "パスワード設定リンクを作成";
    PasswordLinkReset => "Create new password link", "パスワード再設定リンクを作成";
    PasswordLinkShown => "Send this link to the person. It works once, until {time} UTC, and is shown only now.", "このリンクを本人に送ってください。1 回だけ、{time}（UTC）まで使えます。表示されるのは今だけです。";
    PasswordLinkLabel => "Set-password link", "パスワード設定リンク";
    StagePeople => "People", "人数";
    StageReach => "This stage has {people} people and {sheets} open goal sheets; saved sheets take a new budget when their owner next changes a weight.", "このステージには {people} 名、進行中の目標シートが {sheets} 件あります。保存済みのシートは、本人が次に配分を変更したときに新しい配分になります。";
    StageNote => "Your stage changed from {from} to {to}, so your goal sheet went back to draft. Rebalance it to the new budget and submit it again.", "ステージが {from} から {to} に変わったため、目標シートが下書きに戻りました。新しい配分に合わせて調整し、再提出してください。";
    SheetPeriodClosed => "This evaluation period is closed; its goal sheet can be read but not changed.", "この評価期間は終了しています。目標シートは閲覧のみできます。";
    GoalPeriods => "Evaluation periods", "評価期間";

    ImportTitle => "Import people", "メンバーの取り込み";
    ImportIntro => "Upload a CSV, check the preview, then apply it: every row or none.", "CSV をアップロードし、プレビューを確認してから反映します（全行まとめて、または一切反映しません）。";
    ImportColumnsHeading => "Columns (UTF-8, a header line first):", "列（UTF-8、1 行目は見出し）:";
    ImportColumnsHelp => "stage is a stage number; team is created if new, with manager_email as its manager; people already in Merit are matched by e-mail and updated. At most 5 MB and 50,000 rows.", "stage はステージ番号です。team は存在しなければ作成され、manager_email がそのマネージャーになります。既存のメンバーはメールアドレスで照合して更新します。5 MB・50,000 行まで。";
    ImportExportHint => "Start from the current list (export as CSV)", "現在の一覧から始める（CSV を書き出す）";
    ImportPreviewAction => "Preview", "プレビュー";
    ImportPreview => "Preview: {creates} to add, {updates} to update, {unchanged} unchanged; problems: {errors}.", "プレビュー: 追加 {creates} 件、更新 {updates} 件、変更なし {unchanged} 件、問題 {errors} 件。";
    ImportApplied => "Imported: {creates} added, {updates} updated, {unchanged} unchanged.", "取り込みました: 追加 {creates} 件、更新 {updates} 件、変更なし {unchanged} 件。";
    ImportFixFirst => "Fix these problems in the file and preview again; nothing is imported while any remain.", "ファイルの次の問題を修正して再度プレビューしてください。問題が残っている間は何も取り込まれません。";
    ImportRejected => "The file has problems, so nothing was imported:", "ファイルに問題があるため、何も取り込まれませんでした:";
    ImportCreates => "To add", "追加";
    ImportUpdates => "To update", "更新";
    ImportNewTeams => "New teams: {teams}", "新しいチーム: {teams}";
    ImportApply => "Apply import", "取り込みを反映";
    ImportOpenPeople => "Open the people list", "メンバー一覧を開く";
    ImportTooLarge => "The file is over 5 MB; split it into smaller files.", "ファイルが 5 MB を超えています。分割してください。";
    ImportAtLine => "Line {line}", "{line} 行目";
    ImportAtLineColumn => "Line {line}, {column}", "{line} 行目・{column}";
    ImpNotUtf8 => "The file is not UTF-8 text; save it as \"CSV UTF-8\".", "ファイルが UTF-8 ではありません。「CSV UTF-8」形式で保存してください。";
    ImpEmptyFile => "The file is empty.", "ファイルが空です。";
    ImpMissingColumn => "The header is missing this column.", "見出しにこの列がありません。";
    ImpMalformed => "This line cannot be read as CSV.", "この行は CSV として読み取れません。";
    ImpTooManyRows => "An import takes at most 50,000 people; split the file.", "取り込みは 50,000 名までです。ファイルを分割してください。";
    ImpInvalidEmail => "Not an e-mail address.", "メールアドレスではありません。";
    ImpDuplicateEmail => "This e-mail appears on an earlier line too.", "このメールアドレスは前の行にもあります。";
    ImpInvalidName => "A name is required (at most 200 characters).", "氏名を入力してください（200 文字以内）。";
    ImpInvalidRole => "Not a role: use admin, hr, manager or employee.", "ロールではありません。admin、hr、manager、employee のいずれかです。";
    ImpInvalidTeam => "A team name has at most 100 characters.", "チーム名は 100 文字以内です。";
    ImpUnknownStage => "There is no such stage.", "そのステージはありません。";
    ImpEmailTaken => "This e-mail already has an account in another organization.", "このメールアドレスは別の組織で使われています。";
    ImpTeamRequired => "A manager needs a team on the same line.", "マネージャーを指定するときは同じ行にチームも指定してください。";
    ImpManagerConflict => "Another line gives this team a different manager.", "別の行でこのチームに別のマネージャーが指定されています。";
    ImpManagerRequired => "A new team needs its manager's e-mail.", "新しいチームにはマネージャーのメールアドレスが必要です。";
    ImpUnknownManager => "This manager is neither in the organization nor in the file.", "このマネージャーは組織にもファイルにもいません。";
    ImpManagerInactive => "This manager is deactivated.", "このマネージャーは無効になっています。";
    ImpNotAManager => "A team's manager has the role manager, hr or admin.", "チームのマネージャーのロールは manager、hr、admin のいずれかです。";
    ImpManagerInTeam => "A team's manager cannot also be its member.", "チームのマネージャーはそのチームのメンバーにはなれません。";
    ImpForbiddenRole => "Only an admin may give or take away the roles admin and hr.", "admin と hr のロールを付与・変更できるのは管理者だけです。";
    ImpLastAdmin => "This would leave the organization without an active admin.", "組織に有効な管理者がいなくなってしまいます。";
    ImpManagesTeams => "This person leads teams; give them another manager first.", "この人はチームのマネージャーです。先に別のマネージャーを設定してください。";

    TeamsTitle => "Teams", "チーム";
    TeamsIntro => "Create teams, choose their manager and members. A manager reviews their members' goal sheets.", "チームを作成し、マネージャーとメンバーを設定します。マネージャーはメンバーの目標シートを確認します。";
    TeamNew => "New team", "新しいチーム";
    TeamCreate => "Create team", "チームを作成";
    ChooseManager => "Choose a manager", "マネージャーを選択";
    TeamManagerRequired => "Choose the team's manager.", "チームのマネージャーを選択してください。";
    TeamCreated => "Team {name} created.", "チーム「{name}」を作成しました。";
    TeamSaved => "Saved team {name}.", "チーム「{name}」を保存しました。";
    TeamDeleted => "Team deleted.", "チームを削除しました。";
    TeamDelete => "Delete this empty team", "この空のチームを削除";
    TeamAddMember => "Add a member by e-mail", "メールアドレスでメンバーを追加";

    PeriodsTitle => "Evaluation periods", "評価期間";
    PeriodsIntro => "Plan periods, open one at a time, and close it when its goal sheets are done.", "評価期間を作成し、1 つずつ公開し、目標シートが揃ったら終了します。";
    PeriodCreate => "Plan period", "評価期間を作成";
    PeriodCreated => "Period {name} planned; open it when it starts.", "評価期間「{name}」を作成しました。開始したら公開してください。";
    PeriodOpened => "{name} is open: its goal sheets can be filled in.", "「{name}」を公開しました。目標シートを入力できます。";
    PeriodClosed => "{name} is closed: its goal sheets are read-only.", "「{name}」を終了しました。目標シートは閲覧のみになります。";
    PeriodOpen => "Open", "公開する";
    PeriodClose => "Close", "終了する";
    PeriodDates => "Dates", "期間";
    PeriodSheets => "Goal sheets", "目標シート";
    PeriodActions => "Actions", "操作";
    PeriodPlanning => "Planned", "準備中";
    PeriodIsOpen => "Open", "公開中";
    PeriodIsClosed => "Closed", "終了";

    SetPasswordTitle => "Set your password", "パスワードの設定";
    SetPasswordIntro => "Choose a password of at least {min} characters; you are signed in right after.", "{min} 文字以上のパスワードを設定してください。設定後はそのままログインします。";
    SetPasswordSubmit => "Set password and sign in", "パスワードを設定してログイン";
    NewPassword => "New password", "新しいパスワード";
    ConfirmPassword => "New password again", "新しいパスワード（確認）";
    CurrentPassword => "Current password", "現在のパスワード";
    ChangePassword => "Change password", "パスワードを変更";
    ChangePasswordIntro => "Your other sessions are signed out when the password changes.", "パスワードを変更すると、ほかの端末のセッションはログアウトされます。";
    ProfileTitle => "Your profile", "プロフィール";
    ProfileIntro => "Your name, language and password.", "氏名・表示言語・パスワードを変更できます。";
    PasswordTooShort => "A password has at least {min} characters.", "パスワードは {min} 文字以上にしてください。";
    PasswordTooLong => "A password has at most 1024 characters.", "パスワードは 1024 文字以内にしてください。";
    PasswordMismatch => "The two passwords differ.", "2 つのパスワードが一致しません。";
    PasswordWrong => "The current password is not right.", "現在のパスワードが正しくありません。";
    LinkInvalid => "This link is not valid; ask your admin for a new one.", "このリンクは無効です。管理者に新しいリンクを依頼してください。";
    LinkUsed => "This link has been used already; sign in, or ask your admin for a new one.", "このリンクはすでに使用されています。ログインするか、管理者に新しいリンクを依頼してください。";
    LinkExpired => "This link has expired (links work for 72 hours); ask your admin for a new one.", "このリンクは有効期限（72 時間）が切れています。管理者に新しいリンクを依頼してください。";
    LinkInactive => "This account is deactivated.", "このアカウントは無効になっています。";
    FlashPasswordSet => "Your password is set. Welcome to Merit.", "パスワードを設定しました。Merit へようこそ。";
    FlashPasswordChanged => "Your password is changed; your other sessions are signed out.", "パスワードを変更しました。ほかのセッションはログアウトされました。";
    FlashProfileSaved => "Your profile is saved.", "プロフィールを保存しました。";

    ErrEmailInvalid => "Enter an e-mail address like name@example.com.", "name@example.com のようなメールアドレスを入力してください。";
    ErrEmailTaken => "This e-mail address already has an account.", "このメールアドレスはすでに使われています。";
    ErrEmailUnknown => "Nobody in your organization has this e-mail address.", "組織内にこのメールアドレスの人はいません。";
    ErrRoleForbidden => "Only an admin may give or take away the roles admin and hr.", "admin と hr のロールを付与・変更できるのは管理者だけです。";
    ErrUnknownStage => "Choose one of the organization's stages.", "組織のステージから選択してください。";
    ErrUnknownTeam => "Choose one of the organization's teams.", "組織のチームから選択してください。";
    ErrManagerInOwnTeam => "A team's manager cannot also be its member.", "チームのマネージャーはそのチームのメンバーにはなれません。";
    ErrManagerInvalid => "Choose an active person of your organization as the manager.", "組織内の有効なメンバーをマネージャーに選択してください。";
    ErrNotAManager => "A team's manager has the role manager, hr or admin.", "チームのマネージャーのロールは manager、hr、admin のいずれかです。";
    ErrNameTaken => "Another one already has this name.", "同じ名前がすでにあります。";
    ErrDateInvalid => "Enter a valid date.", "正しい日付を入力してください。";
    ErrLastAdmin => "This is the organization's last active admin; make someone else an admin first.", "組織で最後の有効な管理者です。先にほかの人を管理者にしてください。";
    ErrManagesTeams => "This person leads teams; give those teams another manager first.", "この人はチームのマネージャーです。先にそのチームに別のマネージャーを設定してください。";
    ErrDeactivateSelf => "You cannot deactivate yourself; ask another admin.", "自分自身は無効にできません。ほかの管理者に依頼してください。";
    ErrPersonInactive => "This person is deactivated; reactivate them first.", "この人は無効になっています。先に再び有効にしてください。";
    ErrTeamNotEmpty => "The team still has members; move them out first.", "チームにまだメンバーがいます。先にメンバーを外してください。";
    ErrPeriodStatus => "The period is not in a state that allows this.", "評価期間の現在の状態ではこの操作はできません。";
    ErrPeriodAlreadyOpen => "Another period is open; close it first (one period is open at a time).", "ほかの評価期間が公開中です。先に終了してください（公開できるのは 1 つだけです）。";
    ErrPeriodClosed => "This evaluation period is closed; its goal sheets are read-only.", "この評価期間は終了しています。目標シートは閲覧のみです。";
}

/// The message with `{placeholders}` filled in.
pub fn tr(locale: Locale, msg: Msg, args: &[(&str, &str)]) -> String {
    let mut text = msg.text(locale).to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// What a problem of a people import means, by its code.
pub fn import_error_msg(code: ImportCode) -> Msg {
    use ImportCode as C;
    match code {
        C::NotUtf8 => Msg::ImpNotUtf8,
        C::NulBytes | C::Malformed => Msg::ImpMalformed,
        C::EmptyFile => Msg::ImpEmptyFile,
        C::MissingColumn => Msg::ImpMissingColumn,
        C::TooManyRows => Msg::ImpTooManyRows,
        C::InvalidEmail => Msg::ImpInvalidEmail,
        C::DuplicateEmail => Msg::ImpDuplicateEmail,
        C::InvalidName => Msg::ImpInvalidName,
        C::InvalidRole => Msg::ImpInvalidRole,
        C::InvalidTeam => Msg::ImpInvalidTeam,
        C::UnknownStage => Msg::ImpUnknownStage,
        C::EmailTaken => Msg::ImpEmailTaken,
        C::TeamRequired => Msg::ImpTeamRequired,
        C::ManagerConflict => Msg::ImpManagerConflict,
        C::ManagerRequired => Msg::ImpManagerRequired,
        C::UnknownManager => Msg::ImpUnknownManager,
        C::ManagerInactive => Msg::ImpManagerInactive,
        C::NotAManager => Msg::ImpNotAManager,
        C::ManagerInTeam => Msg::ImpManagerInTeam,
        C::ForbiddenRole => Msg::ImpForbiddenRole,
        C::LastAdmin => Msg::ImpLastAdmin,
        C::ManagesTeams => Msg::ImpManagesTeams,
    }
}

pub fn period_status_msg(status: crate::periods::PeriodStatus) -> Msg {
    use crate::periods::PeriodStatus;
    match status {
        PeriodStatus::Planning => Msg::PeriodPlanning,
        PeriodStatus::Open => Msg::PeriodIsOpen,
        PeriodStatus::Closed => Msg::PeriodIsClosed,
    }
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
        ErrorCode::LengthRequired => Msg::ErrLengthRequired,
        ErrorCode::MethodNotAllowed => Msg::ErrMethodNotAllowed,
        ErrorCode::UnsupportedMediaType => Msg::ErrUnsupportedMediaType,
        ErrorCode::ServiceUnavailable => Msg::ErrUnavailable,
        ErrorCode::Internal => Msg::ErrInternal,
    }
}

/// What the first of `errors` about `field` says, in `locale`: the text under a form field.
pub fn field_error_text(
    errors: &[crate::domain::FieldError],
    field: &str,
    locale: Locale,
) -> Option<&'static str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| field_error_msg(&e.field, e.code).text(locale))
}

/// Field errors the pages know how to say; unknown codes fall back to the generic message.
pub fn field_error_msg(field: &str, code: FieldCode) -> Msg {
    use FieldCode as C;
    // Nomination fields first: their codes overlap with the goal sheet's.
    let score = field.starts_with("scores");
    match code {
        C::SelfNomination => return Msg::ErrSelfNomination,
        C::Unknown if field == "nomineeId" => return Msg::ErrUnknownPerson,
        C::OutOfScale => return Msg::ErrOutOfScale,
        C::Missing | C::Unknown if score => return Msg::ScoreMissing,
        C::TooLong if score => return Msg::TextTooLong,
        C::Required | C::TooLong if field == "justification" => return Msg::JustificationRequired,
        C::Required if field == "reason" => return Msg::RejectReasonRequired,
        C::WeightsSum => return Msg::ErrWeightsNotMet,
        C::OutOfRange | C::TooManyDecimals | C::NotANumber if field == "weight" => {
            return Msg::ErrCriterionWeight
        }
        C::BeforeStart => return Msg::ErrEndBeforeStart,
        C::InvalidScale => return Msg::ErrScale,
        C::Required if field == "name" => return Msg::ErrNameRequired,
        C::InPast => return Msg::ErrDeadlinePast,
        C::Invalid if field == "metric" => return Msg::ErrMetric,
        C::InvalidColumn | C::SameAsId => return Msg::ErrColumnName,
        C::OutOfRange if field == "dailySubmissionLimit" => return Msg::ErrDailyLimit,
        C::OutOfRange if field == "publicShare" => return Msg::ErrPublicShare,
        C::Required if field == "body" => return Msg::ErrBodyRequired,
        C::NulCharacter => return Msg::ErrNulCharacter,
        C::Invalid if field == "email" => return Msg::ErrEmailInvalid,
        C::Taken if field == "email" => return Msg::ErrEmailTaken,
        C::Unknown if field == "email" => return Msg::ErrEmailUnknown,
        C::Required if field == "displayName" => return Msg::ErrNameRequired,
        C::ForbiddenRole => return Msg::ErrRoleForbidden,
        C::Unknown if field == "stageId" => return Msg::ErrUnknownStage,
        C::Unknown if field == "teamId" => return Msg::ErrUnknownTeam,
        C::Manager | C::Member => return Msg::ErrManagerInOwnTeam,
        C::Unknown if field == "managerId" || field.starts_with("userIds") => {
            return Msg::ErrManagerInvalid
        }
        C::NotAManager => return Msg::ErrNotAManager,
        C::Taken => return Msg::ErrNameTaken,
        C::InvalidDate => return Msg::ErrDateInvalid,
        C::OutOfRange if field == "startsOn" || field == "endsOn" => return Msg::ErrDateInvalid,
        _ => {}
    }
    match code {
        C::OutOfRange if field == "page" || field == "pageSize" => Msg::ErrPageRange,
        C::AfterTo => Msg::ErrDateOrder,
        C::OutOfRange => Msg::WeightOutOfRange,
        C::TooManyDecimals => Msg::WeightTooManyDecimals,
        C::NotANumber => Msg::WeightNotANumber,
        C::AllZero => Msg::WeightsAllZero,
        C::NoStage => Msg::NoStage,
        C::NoOpenPeriod => Msg::NoOpenPeriod,
        C::Required => Msg::TitleRequired,
        C::TooLong => Msg::TextTooLong,
        C::OverBudget => Msg::OverBudgetError,
        C::UnderBudget => Msg::UnderBudgetError,
        C::ZeroBudgetCategory => Msg::ZeroBudgetError,
        C::TooManyGoals => Msg::TooManyGoals,
        // Codes the first match translates for their fields, and codes a page never sees
        // (request-format problems of the API): the generic text.
        C::BeforeStart
        | C::Expired
        | C::ForbiddenRole
        | C::InPast
        | C::Inactive
        | C::Invalid
        | C::InvalidColumn
        | C::InvalidDate
        | C::InvalidJson
        | C::InvalidScale
        | C::Limit
        | C::Manager
        | C::Member
        | C::Missing
        | C::Multipart
        | C::NotAManager
        | C::NotAnInteger
        | C::NulCharacter
        | C::OutOfScale
        | C::SameAsId
        | C::SelfNomination
        | C::Taken
        | C::TooShort
        | C::Used
        | C::Unknown
        | C::WeightsSum
        | C::Wrong => Msg::ErrValidation,
    }
}

/// The page text for a conflict, by the `reason` its details name.
pub fn conflict_msg(reason: ConflictReason) -> Msg {
    match reason {
        ConflictReason::DuplicateNomination => Msg::ErrDuplicateNomination,
        ConflictReason::OutsideWindow => Msg::ErrOutsideWindow,
        ConflictReason::CycleStatus => Msg::ErrCycleStatus,
        ConflictReason::AlreadyDecided => Msg::ErrAlreadyDecided,
        ConflictReason::ShareLocked => Msg::ErrShareLocked,
        ConflictReason::CompetitionStatus => Msg::ErrCompetitionStatus,
        ConflictReason::PrivateHidden => Msg::ErrCompetitionStatus,
        ConflictReason::NoAnswerKey => Msg::ErrNoAnswerKey,
        ConflictReason::DeadlinePassed => Msg::ErrDeadlinePassed,
        ConflictReason::KeyIdsChanged => Msg::ErrKeyIdsChanged,
        ConflictReason::CompetitionEnded => Msg::ErrCompetitionEnded,
        ConflictReason::SubmissionStatus => Msg::ErrSubmissionStatus,
        ConflictReason::KeyPartEmpty => Msg::ValKeyPartEmpty,
        ConflictReason::LastAdmin => Msg::ErrLastAdmin,
        ConflictReason::ManagesTeams => Msg::ErrManagesTeams,
        ConflictReason::DeactivateSelf => Msg::ErrDeactivateSelf,
        ConflictReason::Inactive => Msg::ErrPersonInactive,
        ConflictReason::TeamNotEmpty => Msg::ErrTeamNotEmpty,
        ConflictReason::PeriodStatus => Msg::ErrPeriodStatus,
        ConflictReason::PeriodOpen => Msg::ErrPeriodAlreadyOpen,
        ConflictReason::PeriodClosed => Msg::ErrPeriodClosed,
    }
}

pub fn cycle_status_msg(status: CycleStatus) -> Msg {
    match status {
        CycleStatus::Draft => Msg::CycleStatusDraft,
        CycleStatus::Open => Msg::CycleStatusOpen,
        CycleStatus::Closed => Msg::CycleStatusClosed,
        CycleStatus::Finalized => Msg::CycleStatusFinalized,
    }
}

pub fn nomination_status_msg(status: NominationStatus) -> Msg {
    match status {
        NominationStatus::Pending => Msg::NominationPending,
        NominationStatus::Approved => Msg::NominationApproved,
        NominationStatus::Rejected => Msg::NominationRejected,
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

pub fn competition_status_msg(status: CompetitionStatus) -> Msg {
    match status {
        CompetitionStatus::Draft => Msg::CompStatusDraft,
        CompetitionStatus::Active => Msg::CompStatusActive,
        CompetitionStatus::Ended => Msg::CompStatusEnded,
    }
}

pub fn competition_role_msg(role: CompetitionRole) -> Msg {
    match role {
        CompetitionRole::Sponsor => Msg::CompRoleSponsor,
        CompetitionRole::Participant => Msg::CompRoleParticipant,
        CompetitionRole::Viewer => Msg::CompRoleViewer,
    }
}

pub fn submission_status_msg(status: SubmissionStatus) -> Msg {
    match status {
        SubmissionStatus::Scored => Msg::SubStatusScored,
        SubmissionStatus::Invalid => Msg::SubStatusInvalid,
        SubmissionStatus::Invalidated => Msg::SubStatusInvalidated,
    }
}

pub fn validation_code_msg(code: ValidationCode) -> Msg {
    match code {
        ValidationCode::MissingColumn => Msg::ValMissingColumn,
        ValidationCode::NotANumber => Msg::ValNotANumber,
        ValidationCode::ValueOutOfRange => Msg::ValOutOfRange,
        ValidationCode::DuplicateIds => Msg::ValDuplicateIds,
        ValidationCode::UnknownIds => Msg::ValUnknownIds,
        ValidationCode::MissingIds => Msg::ValMissingIds,
        ValidationCode::EmptyFile => Msg::ValEmptyFile,
        ValidationCode::FileTooLarge => Msg::ValTooLarge,
        ValidationCode::NotUtf8 => Msg::ValNotUtf8,
        ValidationCode::NulBytes => Msg::ValNulBytes,
        ValidationCode::LineTooLong => Msg::ValLineTooLong,
        ValidationCode::TooManyColumns => Msg::ValTooManyColumns,
        ValidationCode::IdTooLong => Msg::ValIdTooLong,
        ValidationCode::KeyPartEmpty => Msg::ValKeyPartEmpty,
        ValidationCode::ScoreNotFinite => Msg::ValScoreNotFinite,
        ValidationCode::TooManyRows => Msg::ValTooManyRows,
        ValidationCode::ExtraColumns => Msg::ValExtraColumns,
    }
}

#[cfg(test)]
mod tests;
