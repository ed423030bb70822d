package sample

// The stories built into the data, which the tests in story_test.go check:
//
//   - Four complaints lead what detractors write: late delivery (配送が遅い,
//     "delivery was late"), the shipping fee (送料が高い), a slow app
//     (アプリが重い, "app is slow") and items out of stock (在庫切れ).
//   - 九州 is unhappy: NPS about 40 points below 関東, CSAT far lower, most
//     of its complaints about delivery (配送が遅い, "delivery was late"),
//     more support contacts and the highest churn.
//   - Plans: premium customers buy most, churn least and promote; free
//     customers lapse and detract.
//   - Customers about to cancel answer surveys as detractors.
//   - The standard plan's price rise on 2025-04-01 (980 → 1,280 JPY mrr for
//     new subscriptions) brings a wave of cancellations in April and May 2025.
//   - An app campaign in November 2024 brings 2.6× the sign-ups, young and
//     on the free plan, who buy once with the coupon and retain worst.
//   - Orders peak in December (お歳暮, electronics) and July–August (お中元,
//     outdoor); February is quiet. Sign-ups grow and peak in spring.
//   - Many one-time buyers, a loyal core bringing most of the revenue,
//     multi-line orders, win-backs (re-subscriptions after a gap).
//   - The journey narrows at every stage; app users use more.
//   - ワイヤレスイヤホン K2 is faulty: rated about a point below the rest.
//   - SNS: TikTok engages most, then Instagram (saves), LINE (clicks),
//     X (reposts) and Facebook last.
