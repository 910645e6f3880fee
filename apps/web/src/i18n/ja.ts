/** Japanese (the default language). Every string the UI shows is here and in en.ts. */
export const ja = {
  app: { name: '連携 Renkei', tagline: 'CSIRT 連携基盤と AI×OT 演習環境', skipToContent: '本文へ移動', loading: '読み込み中…' },
  language: { label: '言語', ja: '日本語', en: 'English' },
  nav: { main: 'メインナビゲーション', home: 'ホーム', hub: 'Hub（インシデント対応）', range: 'Range（演習）', admin: '管理', users: 'ユーザー', workspaces: 'ワークスペース', account: 'アカウント', logout: 'ログアウト' },
  login: { title: 'ログイン', username: 'ユーザー名', password: 'パスワード', totp: '確認コード（6桁）', totpHint: '認証アプリに表示されている6桁のコードを入力してください。', submit: 'ログイン', submitting: 'ログイン中…' },
  password: { changeTitle: 'パスワードの変更', mustChange: '初回ログインのため、パスワードを変更してください。', current: '現在のパスワード', new: '新しいパスワード（12文字以上）', confirm: '新しいパスワード（確認）', mismatch: '確認用のパスワードが一致しません。', submit: '変更する', changed: 'パスワードを変更しました。' },
  home: { title: 'ホーム', welcome: 'ようこそ、{{name}} さん', yourWorkspaces: '所属ワークスペース', none: 'まだどのワークスペースにも所属していません。管理者に依頼してください。', role: 'ロール', clearance: '閲覧可能な TLP', kind: '種別', open: '開く' },
  section: { hubIntro: '窓口 CSIRT の運用ワークスペースです。', rangeIntro: 'AI×OT セキュリティ演習のコースワークスペースです。', empty: 'この区分のワークスペースはありません。' },
  workspaceKind: { hub_operations: 'Hub 運用', hub_training: 'Hub 訓練', range_course: 'Range コース' },
  role: { admin: '管理者', handler: 'ハンドラー', coordinator: 'コーディネーター', analyst: 'アナリスト', vulnerability_coordinator: '脆弱性コーディネーター', partner: 'パートナー（海外 CSIRT 等）', vendor: 'ベンダー', instructor: '講師', assistant: '講習補助員', trainee: '受講者' },
  tlp: { label: 'TLP', CLEAR: 'TLP:CLEAR', GREEN: 'TLP:GREEN', AMBER: 'TLP:AMBER', 'AMBER+STRICT': 'TLP:AMBER+STRICT', RED: 'TLP:RED' },
  notices: { title: 'お知らせ', new: 'お知らせを投稿', heading: '件名', body: '本文', post: '投稿する', empty: 'お知らせはありません。', delete: '削除', confirmDelete: 'このお知らせを削除しますか？', posted: '投稿しました。' },
  search: { label: '検索', placeholder: 'キーワード（日本語・英語）', submit: '検索', results: '検索結果', none: '該当するものはありません。' },
  users: { title: 'ユーザー管理', create: 'ユーザーを追加', username: 'ユーザー名', displayName: '表示名', email: 'メールアドレス', locale: '言語', initialPassword: '初期パスワード（12文字以上）', systemAdmin: 'システム管理者', status: '状態', active: '有効', disabled: '無効', locked: 'ロック中', totp: '二要素認証', actions: '操作', disable: '無効にする', enable: '有効にする', unlock: 'ロック解除', resetPassword: 'パスワード再設定', newPassword: '新しい初期パスワード', created: 'ユーザー {{username}} を追加しました。初回ログイン時にパスワードの変更が求められます。', reset: 'パスワードを再設定しました。', yes: 'あり', no: 'なし' },
  workspaces: { title: 'ワークスペース管理', create: 'ワークスペースを作成', slug: '識別子（英小文字・数字・-）', name: '名称', kind: '種別', members: 'メンバー', manageMembers: 'メンバー管理', addMember: 'メンバーを追加', role: 'ロール', clearance: 'TLP クリアランス', defaultClearance: 'ロールの既定値', remove: '外す', created: 'ワークスペースを作成しました。', audit: '監査ログ' },
  audit: { title: '監査ログ', seq: '番号', at: '日時', action: '操作', object: '対象' },
  account: { title: 'アカウント設定', tokens: 'API トークン', tokenName: '用途', scopes: 'スコープ', scope_read: '読み取り', scope_write: '書き込み', scope_admin: '管理', createToken: 'トークンを作成', tokenOnce: 'このトークンは今回しか表示されません。安全な場所に保管してください。', prefix: '接頭辞', lastUsed: '最終使用', never: '未使用', revoke: '失効', revoked: '失効済み', noTokens: 'API トークンはありません。', totpTitle: '二要素認証（TOTP）', totpOn: '二要素認証は有効です。', totpOff: '二要素認証は無効です。', totpStart: '設定を開始', totpSecret: '認証アプリにこのキーを登録してください', totpConfirm: '確認コードを入力して有効化', enable: '有効にする', disable: '無効にする', totpEnabled: '二要素認証を有効にしました。', totpDisabled: '二要素認証を無効にしました。' },
  common: { save: '保存', cancel: 'キャンセル', close: '閉じる', saved: '保存しました。', required: '必須' },
  errors: {
    VALIDATION_FAILED: '入力内容に誤りがあります。', BAD_REQUEST: 'リクエストが正しくありません。', AUTH_REQUIRED: 'ログインが必要です。', AUTH_INVALID_CREDENTIALS: 'ユーザー名またはパスワードが正しくありません。', AUTH_TOTP_REQUIRED: '確認コードを入力してください。', AUTH_TOTP_INVALID: '確認コードが正しくありません。', AUTH_ACCOUNT_LOCKED: 'ログインの失敗が続いたため、アカウントが一時的にロックされています。', AUTH_CSRF_INVALID: 'セッションの確認に失敗しました。再読み込みしてください。', AUTH_TOKEN_SCOPE: 'このトークンでは実行できません。', FORBIDDEN: 'この操作を行う権限がありません。', NOT_FOUND: '見つかりません。', USER_NOT_FOUND: 'ユーザーが見つかりません。', USER_EXISTS: 'そのユーザー名は既に使われています。', WORKSPACE_NOT_FOUND: 'ワークスペースが見つかりません。', WORKSPACE_EXISTS: 'その識別子は既に使われています。', MEMBERSHIP_NOT_FOUND: 'メンバーが見つかりません。', TOKEN_NOT_FOUND: 'トークンが見つかりません。', NOTICE_NOT_FOUND: 'お知らせが見つかりません。', JOB_NOT_FOUND: 'ジョブが見つかりません。', CONFLICT: '他の変更と競合しました。', PAYLOAD_TOO_LARGE: 'データが大きすぎます。', UNSUPPORTED_MEDIA_TYPE: '対応していない形式です。', RATE_LIMITED: '試行回数が多すぎます。しばらく待ってから再度お試しください。', INTERNAL_ERROR: 'サーバーでエラーが発生しました。', NETWORK: 'サーバーに接続できません。',
  },
};

export type Messages = typeof ja;
