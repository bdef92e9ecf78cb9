// The ten dossier statuses, with the codes the national public-service portal uses
// (TrangThaiHoSoId, DESIGN §4). "Overdue" is derived from times, never a status.
export const dossierStatuses = {
  submitted_online: 1, // Mới đăng ký — nộp trực tuyến, chờ tiếp nhận
  received: 2, // Được tiếp nhận
  refused: 3, // Không được tiếp nhận (từ chối tiếp nhận)
  processing: 4, // Đang xử lý
  supplement_requested: 5, // Yêu cầu bổ sung giấy tờ
  awaiting_payment: 6, // Yêu cầu thực hiện nghĩa vụ tài chính
  withdrawn: 7, // Công dân yêu cầu rút hồ sơ
  stopped: 8, // Dừng xử lý
  result_ready: 9, // Đã xử lý xong
  returned: 10, // Đã trả kết quả
} as const;
export type DossierStatus = keyof typeof dossierStatuses;
export type DossierStatusCode = (typeof dossierStatuses)[DossierStatus];

export const dossierStatusList = Object.keys(dossierStatuses) as DossierStatus[];

/** Vietnamese labels as the portal shows them; pages use the message catalogue. */
export const dossierStatusLabelsVi: Readonly<Record<DossierStatus, string>> = {
  submitted_online: 'Mới đăng ký',
  received: 'Được tiếp nhận',
  refused: 'Không được tiếp nhận',
  processing: 'Đang xử lý',
  supplement_requested: 'Yêu cầu bổ sung giấy tờ',
  awaiting_payment: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  withdrawn: 'Công dân yêu cầu rút hồ sơ',
  stopped: 'Dừng xử lý',
  result_ready: 'Đã xử lý xong',
  returned: 'Đã trả kết quả',
};

/** Channels (kênh tiếp nhận), as coded in real systems and the 766 indicators. */
export const channels = { in_person: 1, online: 2, postal: 3 } as const;
export type Channel = keyof typeof channels;
