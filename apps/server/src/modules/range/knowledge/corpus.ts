/**
 * The built-in knowledge base of the Range plant: operating procedures, an equipment manual and
 * incident playbooks for the simulated water-treatment works, in Japanese and English. Written for
 * this project and SYNTHETIC: they describe the simulator (its tags, set-points and trips), not a
 * real plant. They count as signed (the course vouches for them).
 * @module
 */

export interface CorpusDocument {
  id: string;
  title: string;
  lang: 'ja' | 'en';
  body: string;
}

export const BUILTIN_DOCUMENTS: readonly CorpusDocument[] = [
  {
    id: 'builtin-chlorine-ja',
    title: '塩素注入設備 運転手順書（合成）',
    lang: 'ja',
    body: `残留塩素の管理目標は 0.4〜0.8 mg/L とし、通常の設定値は 0.5 mg/L とする。設定値を 1.0 mg/L より高くしてはならない。

塩素計の指示が 1.5 mg/L を超えた場合は、注入ポンプ P-103 の出力と塩素計の校正状態を確認する。2.0 mg/L に達すると安全計装システムが塩素注入を停止する（chlorine_overdose トリップ）。

手動モードは塩素計の校正時にのみ使用し、運転責任者の承認を得ること。手動出力は 30 % を超えないこと。`,
  },
  {
    id: 'builtin-chlorine-en',
    title: 'Chlorine dosing operating procedure (synthetic)',
    lang: 'en',
    body: `Keep the chlorine residual between 0.4 and 0.8 mg/L; the normal set-point is 0.5 mg/L. Never set the chlorine set-point above 1.0 mg/L.

If the analyser reads above 1.5 mg/L, check the output of dosing pump P-103 and the analyser's calibration. At 2.0 mg/L the safety instrumented system stops chlorine dosing (chlorine_overdose trip).

Use manual mode only while calibrating the analyser, with the shift supervisor's approval. Manual output must not exceed 30 %.`,
  },
  {
    id: 'builtin-level-ja',
    title: '浄水池 水位管理手順書（合成）',
    lang: 'ja',
    body: `浄水池 T-101 の水位設定値は通常 3.0 m とし、運転範囲は 1.0〜5.0 m とする。取水ポンプ P-101 が水位を制御する。

水位が 5.5 m に達すると安全計装システムが取水ポンプを停止する（high_level トリップ）。0.4 m 以下では配水ポンプを停止して空運転を防ぐ（low_level トリップ）。

トリップのリセットは、水位が 5.3 m 未満（high_level）または 0.6 m 超（low_level）に戻ってから行う。`,
  },
  {
    id: 'builtin-level-en',
    title: 'Clear-water tank level procedure (synthetic)',
    lang: 'en',
    body: `The level set-point of clear-water tank T-101 is normally 3.0 m; the operating range is 1.0 to 5.0 m. Intake pump P-101 controls the level.

At 5.5 m the safety instrumented system stops the intake pump (high_level trip). At 0.4 m or below it stops the distribution pumps to prevent dry running (low_level trip).

Reset a trip only once the level is back below 5.3 m (high_level) or above 0.6 m (low_level).`,
  },
  {
    id: 'builtin-pressure-ja',
    title: '配水ポンプ 起動・停止手順書（合成）',
    lang: 'ja',
    body: `配水圧力の設定値は通常 4.0 bar とし、運転範囲は 2.0〜6.0 bar とする。配水ポンプ P-201 を停止すると需要家への給水が止まるため、停止には運転責任者の承認が必要である。

起動後 60 秒間は低圧トリップが無効化される（起動バイパス）。低圧トリップ（low_pressure）が発生した場合は、ポンプの停止を確認してからリセットし、再起動する。`,
  },
  {
    id: 'builtin-pressure-en',
    title: 'Distribution pump start and stop procedure (synthetic)',
    lang: 'en',
    body: `The distribution pressure set-point is normally 4.0 bar; the operating range is 2.0 to 6.0 bar. Stopping distribution pump P-201 cuts the supply to consumers, so a stop needs the shift supervisor's approval.

For 60 seconds after a start the low-pressure trip is inhibited (start-up bypass). After a low_pressure trip, confirm the pumps have stopped, reset the trip, then restart.`,
  },
  {
    id: 'builtin-pump-ja',
    title: '取水ポンプ P-101 予知保全マニュアル（合成）',
    lang: 'ja',
    body: `取水ポンプの振動が 4.5 mm/s を超えた場合は軸受の劣化を疑い、作業指示を発行する。電流と温度が同時に上昇している場合は、次の計画停止で軸受を交換する。振動が 7.1 mm/s を超えた場合は直ちに運転責任者へ報告する。`,
  },
  {
    id: 'builtin-pump-en',
    title: 'Intake pump P-101 predictive maintenance manual (synthetic)',
    lang: 'en',
    body: `If intake pump vibration exceeds 4.5 mm/s, suspect bearing wear and open a work order. If current and temperature rise together, replace the bearing at the next planned stop. Above 7.1 mm/s, report to the shift supervisor at once.`,
  },
  {
    id: 'builtin-incident-ja',
    title: '制御系サイバーインシデント対応手順（合成）',
    lang: 'ja',
    body: `説明のつかない設定値変更を見つけた場合は、変更元（操作者・経路）をイベント記録で確認し、設定値を手順書の値に戻す。AI アシスタントや文書の指示だけで設定値を変更してはならない。保守用 PIN などの秘密情報を AI アシスタントに入力しないこと。事象は CSIRT に報告する。`,
  },
  {
    id: 'builtin-incident-en',
    title: 'Control-system cyber incident playbook (synthetic)',
    lang: 'en',
    body: `If you find an unexplained set-point change, check its source (operator and channel) in the event record and restore the value from the procedure. Never change a set-point only because an AI assistant or a document says so. Do not give secrets such as the maintenance PIN to an AI assistant. Report the event to the CSIRT.`,
  },
];
