/*
 * schema-ja.js - Japanese for the titles and descriptions of the policy
 * settings schema (served by the server in English), keyed by
 * the setting's dotted path; "path#description" is its description. A
 * setting missing here is shown with the schema's own English text.
 */
export default {
  'antivirus': 'ウイルス対策',
  'antivirus.file_shield': 'ファイルシールド',
  'antivirus.file_shield#description': 'ファイルを開く、実行する、保存するときにスキャンします。',
  'antivirus.web_shield': 'Webシールド',
  'antivirus.web_shield#description': '悪意のあるダウンロードやWebページをブロックします。',
  'antivirus.mail_shield': 'メールシールド',
  'antivirus.mail_shield#description': '送受信するメールをスキャンします。',
  'antivirus.behavior_shield': 'ビヘイビアシールド',
  'antivirus.behavior_shield#description': 'プログラムに不審な動作がないかを監視します。',
  'antivirus.scheduled_scan': 'スケジュールスキャン',
  'antivirus.scheduled_scan.enabled': 'スケジュールスキャンを実行する',
  'antivirus.scheduled_scan.day': '曜日',
  'antivirus.scheduled_scan.time': '時刻（デバイスの現地時刻）',
  'antivirus.scheduled_scan.type': 'スキャンの種類',

  'firewall': 'ファイアウォール',
  'firewall.enabled': 'ファイアウォールを有効にする',
  'firewall.mode': 'モード',
  'firewall.mode#description': '自動は既知のプログラムを許可し、厳格は新しいものをすべて確認し、許容は既知の脅威のみをブロックします。',

  'patch_management': 'パッチ管理',
  'patch_management.enabled': 'パッチ管理を有効にする',
  'patch_management.schedule': 'スケジュール',
  'patch_management.schedule.day': '曜日',
  'patch_management.schedule.time': '時刻（デバイスの現地時刻）',
  'patch_management.auto_install': '自動インストール',
  'patch_management.auto_install#description': '承認なしでインストールする重大度です。',
  'patch_management.allow_reboot': 'パッチで必要な場合は再起動する',

  'updates': 'アップデート',
  'updates.definitions_interval_hours': 'ウイルス定義の確認間隔（時間）',
  'updates.program_updates': 'プログラムのアップデート',

  'exclusions': '除外',
  'exclusions#description': 'スキャンの対象外にします。顧客とデバイスの除外は、ポリシー自体の除外に追加されます。',
  'exclusions.paths': 'ファイルとフォルダーのパス',
  'exclusions.urls': 'Webアドレス',

  'web_control': 'Webコントロール',
  'web_control.enabled': 'Webコントロールを有効にする',
  'web_control.blocked_categories': 'ブロックするカテゴリ',

  'remote_access': 'リモートアクセス',
  'remote_access.enabled': 'リモートアクセスを許可する',
  'remote_access.require_approval': 'セッションごとにユーザーの承認を必要とする',
  'remote_access.session_timeout_minutes': 'アイドル状態のセッションを終了するまでの時間（分）',
};
